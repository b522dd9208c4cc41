#!/usr/bin/env node
// Times one deputies import: from the POST of the CSV to the final state of the import,
// polled every 50 ms. Prints "IMPORT <rows> <seconds> <rows/s> <state> <errors>" and the
// first errors, if any.
//
//   node bench/import.mjs BASE_URL TOKEN CONGRESS_ID TERM FILE.csv
import { readFileSync } from 'node:fs';

const [base, token, congress, term, file] = process.argv.slice(2);
if (!file) {
  console.error('usage: import.mjs BASE_URL TOKEN CONGRESS_ID TERM FILE.csv');
  process.exit(2);
}
const body = readFileSync(file);
const auth = { authorization: `Bearer ${token}` };

const t0 = process.hrtime.bigint();
const res = await fetch(`${base}/api/v1/deputies/imports?congress_id=${congress}&term=${term}`, {
  method: 'POST',
  headers: { ...auth, 'content-type': 'text/csv' },
  body,
});
const started = await res.json();
if (res.status !== 202) {
  console.error(`import: POST answered ${res.status}: ${JSON.stringify(started)}`);
  process.exit(1);
}
let job = started;
let lastShown = -1;
for (let i = 0; i < 20 * 60 * 10; i++) {
  const r = await fetch(`${base}/api/v1/imports/${started.id}`, { headers: auth });
  job = await r.json();
  if (job.state !== 'running') break;
  if (process.stderr.isTTY && job.processed_rows !== lastShown) {
    process.stderr.write(`\rimport: ${job.phase ?? ''} ${job.processed_rows}/${job.total_rows || '?'}   `);
    lastShown = job.processed_rows;
  }
  await new Promise((r) => setTimeout(r, 50)); // the poll interval
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (process.stderr.isTTY) process.stderr.write('\n');
const rows = job.imported_rows ?? 0;
console.log(`IMPORT ${rows} ${seconds.toFixed(3)} ${(rows / seconds).toFixed(0)} ${job.state} ${job.errors?.length ?? 0}`);
if (job.errors?.length) console.log(JSON.stringify(job.errors.slice(0, 5)));
process.exit(job.state === 'succeeded' ? 0 : 1);
