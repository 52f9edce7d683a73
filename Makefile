# The two commands of the README, and the benchmark. Each one installs what it needs first.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: book test benchmark student clean

book:            ## build the HTML book (teacher edition) into _build/html
	bash scripts/setup.sh book
	$(BIN)/jupyter-book build . -W --keep-going

student:         ## build the student edition (no model answers) into _build/student/html
	bash scripts/setup.sh book
	COURSE_EDITION=student $(BIN)/jupyter-book build . -W --keep-going --path-output _build/student

test:            ## run the whole test suite (builds the book, browser tests included)
	bash scripts/setup.sh test
	$(BIN)/python -m pytest

benchmark:       ## measure build times, page sizes and chart timing; writes benchmarks/results.json
	bash scripts/setup.sh test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build
