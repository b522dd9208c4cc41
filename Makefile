# The README's commands. Each is a thin wrapper over scripts/.
.PHONY: run test bench build deps clean

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@bench/run.sh

build:
	@scripts/build.sh

deps:
	@scripts/install-deps.sh

clean:
	rm -rf build web/dist
