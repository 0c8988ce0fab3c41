// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ScriptDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scriptdesk", targets: ["scriptdesk"]),
        .executable(name: "scriptdesk-bench", targets: ["scriptdesk-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Domain values and rules: no I/O, no framework.
        .target(name: "ScriptDeskCore", swiftSettings: swiftSettings),

        // Persistence through SQLKit, SQLite by default, PostgreSQL behind the same seam.
        .target(
            name: "ScriptDeskStore",
            dependencies: [
                "ScriptDeskCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The job queue: lanes, leases, retries, over the store's database.
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
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]
        ),
        .systemLibrary(
            name: "CTurboJPEG",
            pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CTIFF",
            pkgConfig: "libtiff-4",
            providers: [.apt(["libtiff-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),

        // PDF building (cairo), checking (poppler, zlib), page images (libturbojpeg, libtiff).
        .target(
            name: "ScriptDeskPDF",
            dependencies: ["ScriptDeskCore", "CPoppler", "CTurboJPEG", "CZlib", "CTIFF"],
            swiftSettings: swiftSettings
        ),

        // libcurl transfers: fetch to a file with limits.
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

        // The work that jobs do.
        .target(
            name: "ScriptDeskPipeline",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                "ScriptDeskQueue",
                "ScriptDeskPDF",
                "ScriptDeskTransfer",
                "ScriptDeskDelivery",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The Hummingbird application, the demo board and the service group.
        .target(
            name: "ScriptDeskServer",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskStore",
                "ScriptDeskQueue",
                "ScriptDeskPDF",
                "ScriptDeskTransfer",
                "ScriptDeskDelivery",
                "ScriptDeskPipeline",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "scriptdesk",
            dependencies: [
                "ScriptDeskServer",
                "ScriptDeskCore",
                "ScriptDeskDelivery",
                "ScriptDeskPipeline",
                "ScriptDeskQueue",
                "ScriptDeskPDF",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),

        // `scripts/bench queue` and `scripts/bench pdf` run it beside the peers; not part of the product.
        .executableTarget(
            name: "scriptdesk-bench",
            dependencies: [
                "ScriptDeskCore",
                "ScriptDeskServer",
                "ScriptDeskQueue",
                "ScriptDeskStore",
                "ScriptDeskPDF",
                "ScriptDeskPipeline",
                "ScriptDeskTransfer",
                "ScriptDeskDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "ScriptDeskCoreTests", dependencies: ["ScriptDeskCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ScriptDeskStoreTests",
            dependencies: ["ScriptDeskCore", "ScriptDeskStore", "ScriptDeskTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskQueueTests",
            dependencies: [
                "ScriptDeskQueue",
                "ScriptDeskStore",
                "ScriptDeskTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ScriptDeskPDFTests", dependencies: ["ScriptDeskPDF", "ScriptDeskTestSupport", "CZlib"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ScriptDeskTransferTests",
            dependencies: [
                "ScriptDeskTransfer",
                "ScriptDeskTestSupport",
                "CCurl",
                "CCurlShim",
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
        // Temporary storage with a small seeded demo board, shared by the pipeline and server tests.
        .target(
            name: "ScriptDeskTestSupport",
            dependencies: [
                "ScriptDeskServer", "ScriptDeskCore", "ScriptDeskStore", "ScriptDeskQueue",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ScriptDeskTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskPipelineTests",
            dependencies: [
                "ScriptDeskPipeline", "ScriptDeskTestSupport", "ScriptDeskCore", "ScriptDeskDelivery", "ScriptDeskPDF",
                "ScriptDeskQueue", "ScriptDeskStore", "ScriptDeskTransfer",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScriptDeskServerTests",
            dependencies: [
                "ScriptDeskServer", "ScriptDeskTestSupport", "ScriptDeskCore", "ScriptDeskDelivery", "ScriptDeskPDF", "ScriptDeskStore",
                "ScriptDeskPipeline", "ScriptDeskQueue",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
