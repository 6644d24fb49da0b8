# hck's two set-up commands are `make run` and `make test`; the others are their steps.
SWIFT ?= swift
# Where built VM images live (one folder per image and arch).
# Outside the checkout on purpose: QEMU runs as another user (libvirt-qemu) and must be able
# to reach the files, which a checkout in a private folder would not allow.
HCK_IMAGE_DIR ?= /var/cache/hck/images
export HCK_IMAGE_DIR

.PHONY: deps host build image lint test fuzz run install uninstall

## deps: install the Debian packages hck needs (quiet when all are present)
deps:
	@bash scripts/deps.sh

## host: start virtlogd/libvirtd and give QEMU access to /dev/kvm
host: deps
	@bash scripts/host-setup.sh

## build: compile hck
build: deps
	$(SWIFT) build

## image: build the debian/bookworm amd64 image the VM tests boot, into $(HCK_IMAGE_DIR), and its
## saved state on this host for the default VM size (2048 MiB, 2 vCPUs; without it the first
## restored job makes it); rebuilt only when a file under images/debian changed since (needs root:
## chroot, mmdebstrap, libvirt)
TEST_IMAGE := $(HCK_IMAGE_DIR)/debian/bookworm/amd64/image.json
image: $(TEST_IMAGE)
$(TEST_IMAGE): $(shell find images/debian -type f) | build host
	$(SWIFT) run --skip-build hck image build debian/bookworm --arch amd64 --output $(HCK_IMAGE_DIR) --no-saved-state
	$(SWIFT) run --skip-build hck image save-state debian/bookworm --arch amd64 --image-dir $(HCK_IMAGE_DIR) \
		|| echo "image: no saved state made; the first restored job makes it"

## lint: swift-format's strict lint with the repository's .swift-format (fix with `swift format format -i -r …`)
lint:
	$(SWIFT) format lint --strict --parallel -r Sources Tests bench Package.swift

## test: the whole suite, after the lint; the load test (30 s of wrk), the API fuzzer (schemathesis,
## about 3 min) and libFuzzer (FUZZ_SECONDS) run alone afterwards, so that their load does not slow
## the timed tests of the others; a suite run still going after HCK_TEST_MINUTES (default 55) is
## stopped, naming the tests that never ended (scripts/test-run.sh)
test: lint build host image
	@bash scripts/test-run.sh --skip LoadTests --skip FuzzTests
	$(SWIFT) test --skip-build --filter LoadTests
	$(SWIFT) test --skip-build --filter FuzzTests
	@bash scripts/fuzz.sh

## fuzz: libFuzzer on the manifest parser and the request-number parsing (Sources/hck-fuzz), seeded
## with the manifest corpus, for FUZZ_SECONDS (default 60); a finding is kept under .build/fuzz/findings
FUZZ_SECONDS ?= 60
export FUZZ_SECONDS
fuzz: deps
	@bash scripts/fuzz.sh

## run: build what is missing (the image included), validate the examples, start `hck up` (data in
## .cache/up), submit examples/hello.yml through it, follow it to its end, print its page's URL,
## stop the server and exit with the job's outcome
RUN_DATA ?= $(CURDIR)/.cache/up
run: build host image
	$(SWIFT) run --skip-build hck validate examples/*.yml
	@bash scripts/run-example.sh "$$($(SWIFT) build --show-bin-path)/hck" $(RUN_DATA) examples/hello.yml $(RUN_LISTEN)

## install: a release build of hck (and hck-vm), the image catalog, man pages, shell completions and
## the systemd units under PREFIX (default /usr/local; DESTDIR for packaging; CONFIG=debug installs
## the debug build instead)
PREFIX ?= /usr/local
CONFIG ?= release
install: deps
	$(SWIFT) build -c $(CONFIG) --product hck
	$(SWIFT) build -c $(CONFIG) --product hck-vm
	@bash scripts/install.sh "$$($(SWIFT) build -c $(CONFIG) --show-bin-path)" $(PREFIX) $(DESTDIR)

## uninstall: remove what install put under PREFIX
uninstall:
	@bash scripts/uninstall.sh $(PREFIX) $(DESTDIR)
