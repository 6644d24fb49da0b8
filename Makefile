# hck's two set-up commands are `make run` and `make test`; the others are their steps.
SWIFT ?= swift
# Where built VM images live (one folder per image and arch).
HCK_IMAGE_DIR ?= $(CURDIR)/.cache/images
export HCK_IMAGE_DIR

.PHONY: deps host build test run

## deps: install the Debian packages hck needs (quiet when all are present)
deps:
	@bash scripts/deps.sh

## host: start virtlogd/libvirtd and give QEMU access to /dev/kvm
host: deps
	@bash scripts/host-setup.sh

## build: compile hck
build: deps
	$(SWIFT) build

## test: the whole suite
test: build host
	$(SWIFT) test

## run: build, then run what exists end to end
run: build
	$(SWIFT) run hck validate examples/*.yml
