# StockBook tasks. `make` or `make help` lists them. The README's own two commands stay npm's:
# `npm ci && npm start` and `npm test`; these targets wrap npm scripts and docker commands.

DOCKER  ?= docker
COMPOSE ?= $(DOCKER) compose
IMAGE   ?= stockbook/app:latest
VERSION ?= $(shell node -p "require('./package.json').version" 2>/dev/null || echo dev)
REVISION ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
CREATED ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
BUILD_ARGS = --build-arg VERSION=$(VERSION) --build-arg REVISION=$(REVISION) --build-arg CREATED=$(CREATED)

.DEFAULT_GOAL := help
.PHONY: help install start dev test test-container lint format typecheck build docker-build up down logs migrate bench bench-image clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: ## Install dependencies exactly as locked (npm ci)
	npm ci

start: ## Run the service (embedded database and in-memory cache unless configured)
	npm start

dev: ## Run the service with reload on change
	npm run dev

test: ## Unit and API tests (npm test)
	npm test

test-container: ## Container suite: images, compose stacks and Swarm on a real engine
	bash test/container/run.sh

lint: ## Lint code (Biome, dependency rules), compose files (dclint) and Dockerfiles
	npm run lint
	npx --no-install dclint --max-warnings 0 docker-compose.yml docker-compose.prod.yml
	@for f in Dockerfile Dockerfile.dev; do out=$$(npx --no-install dockerfile-utils lint $$f) || exit 1; \
	  if [ -n "$$out" ]; then echo "$$f:"; echo "$$out"; exit 1; fi; done; echo "Dockerfiles: no problems"

format: ## Format the code
	npm run format

typecheck: ## Type-check sources, tests and benchmarks
	npm run typecheck

build: ## Compile the service to dist/
	npm run build

docker-build: ## Build the runtime image (IMAGE, default stockbook/app:latest) and IMAGE-hardened
	DOCKER_BUILDKIT=1 $(DOCKER) build $(BUILD_ARGS) -t $(IMAGE) .
	DOCKER_BUILDKIT=1 $(DOCKER) build $(BUILD_ARGS) --target hardened -t $(IMAGE)-hardened .

up: ## Start the development stack (app with hot reload, PostgreSQL, Redis) in the background
	$(COMPOSE) up -d --build

down: ## Stop the development stack (the database volume stays)
	$(COMPOSE) down

logs: ## Follow the development stack's logs
	$(COMPOSE) logs -f

migrate: ## Apply database migrations (DATABASE_URL, or the embedded database)
	npm run migrate

bench: ## HTTP benchmarks
	npm run bench

bench-image: ## Image numbers: sizes, cold build vs rebuild, docker run -> healthy
	npm run bench:image

clean: ## Remove build output and reports (not the database volume: `docker compose down -v` does that)
	rm -rf dist coverage test-results bench/results
