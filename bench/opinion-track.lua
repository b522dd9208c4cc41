-- wrk scenario: the citizen's tracking page, POST /api/v1/public/opinions/track with the
-- code and the mobile's last four digits of opinions that exist. The script's argument is a
-- file of "CODE|1234" lines (bench/run.sh reads them from the bench database); each wrk
-- thread starts at its own place in the list and goes round it, so that the lookups spread
-- over many opinions instead of one hot row. Requests are formatted once, in init.
local requests, n, pos = {}, 0, 0
local threads = 0

function setup(thread)
  thread:set("first", threads * 7919)
  threads = threads + 1
end

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  for line in io.lines(args[1]) do
    local code, last4 = line:match("^(%w+)|(%d+)$")
    if code then
      -- As printed on the receipt: XXXX-XXXX-XX.
      local shown = code:sub(1, 4) .. "-" .. code:sub(5, 8) .. "-" .. code:sub(9, 10)
      n = n + 1
      requests[n] = wrk.format("POST", "/api/v1/public/opinions/track", headers,
        string.format('{"code":"%s","last4":"%s"}', shown, last4))
    end
  end
  if n == 0 then error("no tracking codes in " .. tostring(args[1])) end
  pos = (first or 0) % n
end

function request()
  pos = pos % n + 1
  return requests[pos]
end
