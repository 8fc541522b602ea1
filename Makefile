# Everything runs in a project virtualenv; override with `make VENV=/path test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= ../shared/data
REALSIZE ?= build/realsize

.PHONY: install demo test lint docs eval bench fixtures realsize-model ranker-data ranker clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The main job on the example article: an English brief (installs the fr->en
# model from the Argos index when a network is there; offline without a model,
# the French brief and a note on stderr).
demo: install
	PATH="$(abspath $(VENV))/bin:$$PATH" sh examples/demo.sh examples/article-fr.txt

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check summarize tests eval tools bench
	$(VENV)/bin/ruff format --check summarize tests eval tools bench
	$(VENV)/bin/mypy
	$(VENV)/bin/cog --check README.md

# Regenerate the README's tables (options, commands, exit codes, layout) from the code.
docs: install
	$(VENV)/bin/cog -r README.md

eval: install
	$(PY) eval/eval_segment.py --data $(DATA)
	$(PY) eval/eval_summaries.py --data $(DATA)
	$(PY) eval/eval_languages.py --data $(DATA)
	$(PY) eval/eval_copy.py
	$(PY) eval/eval_fidelity.py --data $(DATA)

bench: install $(REALSIZE)/.built
	$(PY) bench/bench.py --data $(DATA)
	$(PY) bench/bench_batch.py --data $(DATA)
	$(PY) bench/bench_daily.py --data $(DATA)
	$(PY) bench/bench_realsize.py --data $(DATA) --models $(REALSIZE)
	$(PY) bench/bench_scale.py --data $(DATA)

# Argos packages of the real size (argos-train's shape, int8, ~75 MB each,
# not committed) for bench/bench_realsize.py; ~2 minutes, needs no torch.
realsize-model: $(REALSIZE)/.built

$(REALSIZE)/.built: tools/build_realsize_model.py | install
	$(PY) tools/build_realsize_model.py --data $(DATA) --out $(REALSIZE)
	touch $@

# OrangeSum's full training split (21,401 articles) from a local git mirror of
# github.com/Tixierae/OrangeSum (CC BY-SA 4.0; see tools/get_orangesum.py), then
# the `news` ranker trained on it (long: see eval/SUMMARIES.md). Not part of test/CI.
ORANGESUM_MIRROR ?= /work/.mirror/Tixierae+OrangeSum/repo
ranker-data: install
	$(PY) tools/get_orangesum.py --mirror $(ORANGESUM_MIRROR) --valid $(DATA)/orangesum/valid.jsonl --out build/orangesum/train.jsonl

ranker: ranker-data
	$(PY) tools/train_ranker.py --data $(DATA) --train build/orangesum/train.jsonl --cache build/orangesum/news.pkl

# Rebuild the tiny test models (needs torch: pip install -e '.[fixtures]').
# Then the other real layouts in tests/fixtures/models/variants: a Moses+BPE
# package (trained), pre-CTranslate2-3.0 and float32 ones (derived from fr->en).
fixtures:
	$(PY) tools/build_fixture_models.py --data $(DATA)/tatoeba --out tests/fixtures/models --variants pre3,float32
	$(PY) tools/build_fixture_models.py --data $(DATA)/tatoeba --out tests/fixtures/models --pairs fr-en \
		--tokenizer bpe --min-exact 0.9

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
