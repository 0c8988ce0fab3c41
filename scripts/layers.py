#!/usr/bin/env python3
"""Checks the package's target graph against the layers ScriptDesk is built in.

Reads `swift package describe --type json` on standard input; prints each rule with what
it found, and exits 1 if any is broken:

- the worker program (`scriptdesk-worker`) and the start-up target (`ScriptDeskApp`) link
  no HTTP server: no Hummingbird product anywhere in their target graph (but
  `HummingbirdBcrypt`, which is bcrypt in C and nothing of the server);
- only the store and the queue speak SQL: no other product target depends on SQLKit or a
  database driver;
- the core knows no framework: `ScriptDeskCore` depends on nothing;
- HTTP is the server's alone: of the product's targets, only `ScriptDeskServer`, the pages
  (`ScriptDeskWeb`) and the `scriptdesk` program reach Hummingbird;
- test support is split per layer: the PDF, transfer and delivery tests build no server,
  no services and no database.
"""
import json
import sys

SQL_PRODUCTS = {"SQLKit", "SQLiteKit", "PostgresKit", "PostgresNIO"}
# Products named Hummingbird… that are not the HTTP server: bcrypt's C code alone.
NOT_HTTP = {"HummingbirdBcrypt"}
SQL_SPEAKERS = {"ScriptDeskStore", "ScriptDeskQueue", "ScriptDeskStoreTestSupport", "ScriptDeskStoreTests", "ScriptDeskQueueTests"}


def main() -> int:
    package = json.load(sys.stdin)
    targets = {target["name"]: target for target in package["targets"]}

    def closure(name: str) -> tuple[set[str], set[str]]:
        """The targets `name` reaches (itself included) and every product they depend on."""
        seen: set[str] = set()
        products: set[str] = set()
        pending = [name]
        while pending:
            current = pending.pop()
            if current in seen or current not in targets:
                continue
            seen.add(current)
            products.update(targets[current].get("product_dependencies", []))
            pending.extend(targets[current].get("target_dependencies", []))
        return seen, products

    failures = 0

    def rule(ok: bool, text: str) -> None:
        nonlocal failures
        print(("ok    " if ok else "FAIL  ") + text)
        failures += 0 if ok else 1

    for name in ["scriptdesk-worker", "ScriptDeskApp", "ScriptDeskCommands", "ScriptDeskServices"]:
        reached, products = closure(name)
        http = sorted(p for p in products if p.startswith("Hummingbird") and p not in NOT_HTTP)
        rule(not http and "ScriptDeskServer" not in reached, f"{name} links no HTTP server" + (f" (found {http})" if http else ""))

    speakers = sorted(
        name
        for name, target in targets.items()
        if target.get("type") != "test" and name not in SQL_SPEAKERS and name != "scriptdesk-bench"
        and SQL_PRODUCTS.intersection(target.get("product_dependencies", []))
    )
    rule(not speakers, "only ScriptDeskStore and ScriptDeskQueue depend on SQLKit or a database driver" + (f" (also {speakers})" if speakers else ""))

    core = targets["ScriptDeskCore"]
    rule(not core.get("target_dependencies") and not core.get("product_dependencies"), "ScriptDeskCore depends on nothing")

    http = sorted(
        name
        for name, target in targets.items()
        if target.get("type") != "test" and name not in {"ScriptDeskServer", "ScriptDeskWeb", "scriptdesk"}
        and any(p.startswith("Hummingbird") and p not in NOT_HTTP for p in target.get("product_dependencies", []))
    )
    rule(not http, "only ScriptDeskServer, ScriptDeskWeb (the pages) and the scriptdesk program depend on Hummingbird" + (f" (also {http})" if http else ""))

    for name in ["ScriptDeskPDFTests", "ScriptDeskTransferTests", "ScriptDeskDeliveryTests", "ScriptDeskCoreTests"]:
        reached, products = closure(name)
        heavy = sorted(reached & {"ScriptDeskServer", "ScriptDeskApp", "ScriptDeskServices", "ScriptDeskStore"})
        rule(not heavy, f"{name} builds no server, services or database" + (f" (reaches {heavy})" if heavy else ""))

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
