// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ScriptDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scriptdesk", targets: ["scriptdesk"]),
        .executable(name: "scriptdesk-worker", targets: ["scriptdesk-worker"]),
        .executable(name: "scriptdesk-bench", targets: ["scriptdesk-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Domain values and rules, the access policy and the download grant: no I/O, no framework.
        .target(name: "ScriptDeskCore", swiftSettings: swiftSettings),

        // Persistence through SQLKit: SQLite (one writer, read-only connections beside it) and a
        // pooled PostgreSQL run as a service.
        .target(
            name: "ScriptDeskStore",
            dependencies: [
                "ScriptDeskCore",
                "CSQLite3",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The job queue: a storage-neutral seam with SQL (SQLite, PostgreSQL) and in-memory
        // drivers, and the workers.
        .target(
            name: "ScriptDeskQueue",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // System library bridges.
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // Starting the PDF checker in a sandbox, and descriptors passed over its channel.
        .target(name: "CSandbox"),

        // PDF building (cairo), checking (poppler, zlib), page images (libturbojpeg, libtiff).
        .target(
            name: "ScriptDeskPDF",
            dependencies: ["ScriptDeskCore", "CPoppler", "CTurboJPEG", "CZlib", "CTIFF", "CSandbox"],
            swiftSettings: swiftSettings
        ),

        // libcurl transfers: archive fetches, the object store, email.
        .target(
            name: "ScriptDeskTransfer",
            dependencies: [
                "ScriptDeskCore",
                "CCurl",
                "CCurlShim",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The download area and signed links.
        .target(
            name: "ScriptDeskDelivery",
            dependencies: [
                "ScriptDeskCore",
                "CZlib",
                "ScriptDeskTransfer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The application services: one per capability, shared by the API, the command line
        // and the pages; jobs are thin handlers over them.
        .target(
            name: "ScriptDeskServices",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                "ScriptDeskQueue",
                "ScriptDeskPDF",
                "ScriptDeskTransfer",
                "ScriptDeskDelivery",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Settings, start-up and the service graph: what `serve`, `worker` and the tests build.
        // No HTTP server.
        .target(
            name: "ScriptDeskApp",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                "ScriptDeskQueue",
                "ScriptDeskPDF",
                "ScriptDeskTransfer",
                "ScriptDeskDelivery",
                "ScriptDeskServices",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The pages people use in a browser: Mustache templates and static files as resources,
        // on the same services and access policy as the API.
        .target(
            name: "ScriptDeskWeb",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskServices",
                "ScriptDeskApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Templates"), .copy("Static")],
            swiftSettings: swiftSettings
        ),

        // HTTP only: the JSON API, the download endpoints, health and metrics.
        .target(
            name: "ScriptDeskServer",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                "ScriptDeskQueue",
                "ScriptDeskDelivery",
                "ScriptDeskServices",
                "ScriptDeskApp",
                "ScriptDeskWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The demo board and its seeder.
        .target(
            name: "ScriptDeskDemo",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                "ScriptDeskPDF",
                "ScriptDeskDelivery",
                "ScriptDeskServices",
                "ScriptDeskApp",
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The commands that need no HTTP server: worker, migrate, check, queue, keys, links.
        .target(
            name: "ScriptDeskCommands",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskQueue",
                "ScriptDeskPDF",
                "ScriptDeskDelivery",
                "ScriptDeskServices",
                "ScriptDeskApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // `scriptdesk`: every command, `serve` and `demo` included.
        .executableTarget(
            name: "scriptdesk",
            dependencies: [
                "ScriptDeskCommands",
                "ScriptDeskApp",
                "ScriptDeskServer",
                "ScriptDeskDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),

        // `scriptdesk-worker`: the worker slots (and the checker children they start) without
        // any HTTP server in the program; `scripts/test` checks its target graph has none.
        .executableTarget(
            name: "scriptdesk-worker",
            dependencies: [
                "ScriptDeskCommands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // `scripts/bench queue|pdf|download` run it beside the peers; not part of the product.
        .executableTarget(
            name: "scriptdesk-bench",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                "ScriptDeskQueue",
                "ScriptDeskPDF",
                "ScriptDeskTransfer",
                "ScriptDeskDelivery",
                "ScriptDeskServices",
                "ScriptDeskApp",
                "ScriptDeskDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // Test support, per layer, so that a PDF test builds no server.
        .target(
            name: "ScriptDeskTestSupport",
            dependencies: ["ScriptDeskCore"],
            path: "Tests/ScriptDeskTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ScriptDeskStoreTestSupport",
            dependencies: [
                "ScriptDeskTestSupport", "ScriptDeskCore", "ScriptDeskStore", "ScriptDeskQueue",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ScriptDeskStoreTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ScriptDeskAppTestSupport",
            dependencies: [
                "ScriptDeskTestSupport", "ScriptDeskStoreTestSupport", "ScriptDeskCore", "ScriptDeskStore", "ScriptDeskApp",
                "ScriptDeskDemo",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ScriptDeskAppTestSupport",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "ScriptDeskCoreTests", dependencies: ["ScriptDeskCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ScriptDeskStoreTests",
            dependencies: [
                "ScriptDeskCore", "ScriptDeskStore", "ScriptDeskStoreTestSupport", "ScriptDeskTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskQueueTests",
            dependencies: [
                "ScriptDeskCore", "ScriptDeskQueue", "ScriptDeskStore", "ScriptDeskStoreTestSupport", "ScriptDeskTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskPDFTests",
            dependencies: ["ScriptDeskPDF", "ScriptDeskTestSupport", "CZlib"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskTransferTests",
            dependencies: [
                "ScriptDeskCore", "ScriptDeskTransfer", "ScriptDeskTestSupport", "CCurl", "CCurlShim",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskDeliveryTests",
            dependencies: [
                "ScriptDeskDelivery", "ScriptDeskCore", "ScriptDeskTransfer", "ScriptDeskTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskServicesTests",
            dependencies: [
                "ScriptDeskServices", "ScriptDeskApp", "ScriptDeskDemo", "ScriptDeskAppTestSupport", "ScriptDeskStoreTestSupport",
                "ScriptDeskTestSupport", "ScriptDeskCore", "ScriptDeskDelivery", "ScriptDeskPDF", "ScriptDeskQueue", "ScriptDeskStore",
                "ScriptDeskTransfer", .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskWebTests",
            dependencies: ["ScriptDeskWeb", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskAppTests",
            dependencies: ["ScriptDeskApp", "ScriptDeskCore", "ScriptDeskDelivery", "ScriptDeskTransfer", "ScriptDeskTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskServerTests",
            dependencies: [
                "ScriptDeskServer", "ScriptDeskApp", "ScriptDeskDemo", "ScriptDeskServices", "ScriptDeskAppTestSupport",
                "ScriptDeskStoreTestSupport", "ScriptDeskTestSupport", "ScriptDeskCore", "ScriptDeskDelivery", "ScriptDeskPDF",
                "ScriptDeskStore", "ScriptDeskQueue",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
