/// The application's tables. The queue's tables are the queue module's own.
public enum StoreSchema {
    /// Every step, in order.
    public static let migrations: [Migration] = [
        referenceData, accounts, scriptRequests, thumbnails, retention, linkAllowances, bundles,
        linkReservations, downloadAuditIndex, tokenLifeCycle, refusalTallies, people, requestListings,
        resultsHistory, enquiries, appeals, resultQueries, cohortOutcomes, certification, statements,
    ]

    static let referenceData = Migration(id: "store.001.reference-data") { _ in
        [
            "CREATE TABLE centres (number TEXT PRIMARY KEY, name TEXT NOT NULL)",
            """
            CREATE TABLE series (
                code TEXT PRIMARY KEY, name TEXT NOT NULL,
                results_day TEXT NOT NULL, priority_script_deadline TEXT NOT NULL,
                priority_review_deadline TEXT NOT NULL, final_enquiry_deadline TEXT NOT NULL,
                teaching_copy_deadline TEXT NOT NULL, late_certification_deadline TEXT NOT NULL,
                script_retention_end TEXT NOT NULL, archive_url_template TEXT NOT NULL)
            """,
            """
            CREATE TABLE components (
                code TEXT PRIMARY KEY, title TEXT NOT NULL, qualification TEXT NOT NULL,
                max_mark INTEGER NOT NULL, kind TEXT NOT NULL)
            """,
            """
            CREATE TABLE candidates (
                centre_number TEXT NOT NULL REFERENCES centres(number), candidate_number TEXT NOT NULL,
                uci TEXT NOT NULL, name TEXT NOT NULL,
                PRIMARY KEY (centre_number, candidate_number))
            """,
            """
            CREATE TABLE results (
                series_code TEXT NOT NULL REFERENCES series(code), centre_number TEXT NOT NULL,
                candidate_number TEXT NOT NULL, component_code TEXT NOT NULL REFERENCES components(code),
                mark INTEGER, grade TEXT, indicators TEXT NOT NULL DEFAULT '',
                special_consideration INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (series_code, centre_number, candidate_number, component_code),
                FOREIGN KEY (centre_number, candidate_number) REFERENCES candidates(centre_number, candidate_number))
            """,
            """
            CREATE TABLE scripts (
                series_code TEXT NOT NULL, centre_number TEXT NOT NULL, candidate_number TEXT NOT NULL,
                component_code TEXT NOT NULL, location TEXT NOT NULL, page_count INTEGER NOT NULL,
                PRIMARY KEY (series_code, centre_number, candidate_number, component_code),
                FOREIGN KEY (series_code, centre_number, candidate_number, component_code)
                    REFERENCES results(series_code, centre_number, candidate_number, component_code))
            """,
        ]
    }

    static let accounts = Migration(id: "store.002.accounts") { _ in
        [
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
                centre_number TEXT REFERENCES centres(number))
            """,
            """
            CREATE TABLE api_tokens (
                token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
                label TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
        ]
    }

    static let scriptRequests = Migration(id: "store.003.script-requests") { dialect in
        [
            """
            CREATE TABLE script_requests (
                id TEXT PRIMARY KEY, series_code TEXT NOT NULL, centre_number TEXT NOT NULL,
                candidate_number TEXT NOT NULL, component_code TEXT NOT NULL, kind TEXT NOT NULL,
                consent_agreed INTEGER NOT NULL, consent_obtained_at TEXT NOT NULL, identify INTEGER NOT NULL,
                requested_by TEXT NOT NULL REFERENCES users(id), status TEXT NOT NULL,
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                object_id TEXT, content_sha256 TEXT, byte_count BIGINT, page_count INTEGER, file_name TEXT,
                failure_code TEXT, failure_message TEXT,
                FOREIGN KEY (series_code, centre_number, candidate_number, component_code)
                    REFERENCES results(series_code, centre_number, candidate_number, component_code))
            """,
            "CREATE INDEX script_requests_by_centre ON script_requests (centre_number, created_at)",
            """
            CREATE TABLE request_events (
                id \(dialect.autoIncrementKey), request_id TEXT NOT NULL REFERENCES script_requests(id),
                at TEXT NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL)
            """,
            "CREATE INDEX request_events_by_request ON request_events (request_id, id)",
            """
            CREATE TABLE download_links (
                id TEXT PRIMARY KEY, request_id TEXT NOT NULL REFERENCES script_requests(id),
                key_id TEXT NOT NULL, object_id TEXT NOT NULL, content_sha256 TEXT NOT NULL,
                file_name TEXT NOT NULL, audience TEXT NOT NULL, not_before TEXT NOT NULL,
                expires_at TEXT NOT NULL, revoked_at TEXT, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX download_links_by_request ON download_links (request_id)",
            """
            CREATE TABLE downloads (
                id \(dialect.autoIncrementKey), link_id TEXT NOT NULL REFERENCES download_links(id),
                request_id TEXT NOT NULL, client_address TEXT NOT NULL, bytes BIGINT NOT NULL,
                status INTEGER NOT NULL, at TEXT NOT NULL)
            """,
        ]
    }

    /// The first page's thumbnail beside each published copy.
    static let thumbnails = Migration(id: "store.004.thumbnails") { _ in
        ["ALTER TABLE script_requests ADD COLUMN thumbnail_object_id TEXT"]
    }

    /// Deleting copies at the end of their series' script retention: the address a centre's
    /// exams officer is written to, when a copy's request was purged and when its objects
    /// left the download area, and the warning sent to each centre once per series.
    static let retention = Migration(id: "store.005.retention") { _ in
        [
            "ALTER TABLE centres ADD COLUMN exams_officer_email TEXT",
            "ALTER TABLE script_requests ADD COLUMN purged_at TEXT",
            "ALTER TABLE script_requests ADD COLUMN objects_removed_at TEXT",
            "CREATE INDEX script_requests_by_series ON script_requests (series_code, purged_at)",
            "CREATE INDEX script_requests_by_object ON script_requests (object_id)",
            "CREATE INDEX script_requests_by_thumbnail ON script_requests (thumbnail_object_id)",
            """
            CREATE TABLE retention_warnings (
                series_code TEXT NOT NULL REFERENCES series(code), centre_number TEXT NOT NULL REFERENCES centres(number),
                copies INTEGER NOT NULL, message_id TEXT NOT NULL, claimed_at TEXT NOT NULL, sent_at TEXT,
                PRIMARY KEY (series_code, centre_number))
            """,
        ]
    }

    /// Download allowances on links; downloads summed per link, links found per centre.
    static let linkAllowances = Migration(id: "store.006.link-allowances") { _ in
        [
            "ALTER TABLE download_links ADD COLUMN download_allowance INTEGER",
            "CREATE INDEX downloads_by_link ON downloads (link_id)",
            "CREATE INDEX download_links_by_audience ON download_links (audience)",
        ]
    }

    /// ZIPs of several copies behind one link, with their items and their own audit.
    static let bundles = Migration(id: "store.007.bundles") { dialect in
        [
            """
            CREATE TABLE download_bundles (
                id TEXT PRIMARY KEY, centre_number TEXT NOT NULL REFERENCES centres(number), key_id TEXT NOT NULL,
                content_sha256 TEXT NOT NULL, file_name TEXT NOT NULL, not_before TEXT NOT NULL, expires_at TEXT NOT NULL,
                revoked_at TEXT, created_by TEXT NOT NULL REFERENCES users(id), created_at TEXT NOT NULL)
            """,
            "CREATE INDEX download_bundles_by_centre ON download_bundles (centre_number)",
            """
            CREATE TABLE download_bundle_items (
                bundle_id TEXT NOT NULL REFERENCES download_bundles(id), position INTEGER NOT NULL,
                request_id TEXT NOT NULL REFERENCES script_requests(id), object_id TEXT NOT NULL,
                content_sha256 TEXT NOT NULL, byte_count BIGINT NOT NULL, entry_name TEXT NOT NULL,
                PRIMARY KEY (bundle_id, position))
            """,
            "CREATE INDEX download_bundle_items_by_request ON download_bundle_items (request_id)",
            """
            CREATE TABLE bundle_downloads (
                id \(dialect.autoIncrementKey), bundle_id TEXT NOT NULL REFERENCES download_bundles(id),
                client_address TEXT NOT NULL, bytes BIGINT NOT NULL, status INTEGER NOT NULL, at TEXT NOT NULL)
            """,
        ]
    }

    /// Bytes reserved per link before they are sent, so parallel downloads cannot together
    /// pass its allowance; it starts as the bytes already delivered.
    static let linkReservations = Migration(id: "store.008.link-reservations") { _ in
        [
            "ALTER TABLE download_links ADD COLUMN reserved_bytes BIGINT NOT NULL DEFAULT 0",
            """
            UPDATE download_links SET reserved_bytes =
                (SELECT COALESCE(SUM(bytes), 0) FROM downloads WHERE downloads.link_id = download_links.id)
            """,
        ]
    }

    /// A request's downloads, read a page at a time in the order they were recorded.
    static let downloadAuditIndex = Migration(id: "store.009.download-audit-index") { _ in
        ["CREATE INDEX downloads_by_request ON downloads (request_id, id)"]
    }

    /// API tokens get a life cycle: a public id to name one by without its secret, an
    /// expiry, the last use and a revocation. Tokens made before it keep working: each
    /// takes the first 12 hex digits of its hash as public id (the hash of a 256-bit secret,
    /// so the digits give nothing away); the demo's keep no expiry, like the demo's new ones,
    /// and any other expires 90 days after the migration, by the database's clock, as no
    /// one could have said what it was for.
    static let tokenLifeCycle = Migration(id: "store.010.token-life-cycle") { dialect in
        [
            "ALTER TABLE api_tokens ADD COLUMN public_id TEXT",
            "ALTER TABLE api_tokens ADD COLUMN expires_at TEXT",
            "ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT",
            "ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT",
            "UPDATE api_tokens SET public_id = substr(token_hash, 1, 12)",
            "UPDATE api_tokens SET expires_at = \(dialect.timeText(daysFromNow: 90)) WHERE label <> 'demo'",
            "CREATE UNIQUE INDEX api_tokens_by_public_id ON api_tokens (public_id)",
            "CREATE INDEX api_tokens_by_user ON api_tokens (user_id)",
        ]
    }

    /// Refused download attempts are counted, not written a row each: one row per link (or
    /// bundle), client address, refusal code and minute, whose `attempts` grows and whose
    /// `at` and `last_at` are the first and last attempt's times. `minute` is set on those
    /// rows alone, so downloads (and the refusals recorded a row each before this step) are
    /// never merged. Rows before it keep one attempt each.
    static let refusalTallies = Migration(id: "store.011.refusal-tallies") { _ in
        ["downloads", "bundle_downloads"].flatMap { table in
            [
                "ALTER TABLE \(table) ADD COLUMN code TEXT",
                "ALTER TABLE \(table) ADD COLUMN attempts BIGINT NOT NULL DEFAULT 1",
                "ALTER TABLE \(table) ADD COLUMN last_at TEXT",
                "ALTER TABLE \(table) ADD COLUMN minute TEXT",
            ]
        } + [
            """
            CREATE UNIQUE INDEX downloads_refused_per_minute ON downloads (link_id, client_address, code, minute)
            WHERE minute IS NOT NULL
            """,
            """
            CREATE UNIQUE INDEX bundle_downloads_refused_per_minute ON bundle_downloads (bundle_id, client_address, code, minute)
            WHERE minute IS NOT NULL
            """,
        ]
    }

    /// People who sign in to the pages: a user name and a bcrypt hash on their user, a
    /// disabling time, a teacher's subjects, sessions stored by the hash of their id, and
    /// the counts of failed sign-ins per account and per address that slow the next ones.
    static let people = Migration(id: "store.012.people") { _ in
        [
            "ALTER TABLE users ADD COLUMN username TEXT",
            "ALTER TABLE users ADD COLUMN password_hash TEXT",
            "ALTER TABLE users ADD COLUMN disabled_at TEXT",
            "CREATE UNIQUE INDEX users_by_username ON users (username)",
            """
            CREATE TABLE user_subjects (
                user_id TEXT NOT NULL REFERENCES users(id), subject TEXT NOT NULL, PRIMARY KEY (user_id, subject))
            """,
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
                client_address TEXT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL)
            """,
            "CREATE INDEX sessions_by_user ON sessions (user_id)",
            """
            CREATE TABLE sign_in_failures (
                subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TEXT NOT NULL, paused_until TEXT)
            """,
        ]
    }

    /// A centre's requests listed, counted and paged from indexes alone: the listing's order
    /// (`created_at`, then `id`) and the columns every scope and page filter on (`kind`,
    /// `status`) are in the index, one for all statuses and one by status, so a count, or
    /// finding the 25 ids of a deep page, reads no table rows. The old index by centre and
    /// time alone is replaced by the wider one.
    static let requestListings = Migration(id: "store.013.request-listings") { _ in
        [
            "DROP INDEX script_requests_by_centre",
            "CREATE INDEX script_requests_by_centre ON script_requests (centre_number, created_at, id, kind, status)",
            "CREATE INDEX script_requests_by_centre_status ON script_requests (centre_number, status, created_at, id, kind)",
        ]
    }

    /// What an enquiry's outcome needs: each series' grade boundaries per component, and
    /// every revision of a result (old and new mark and grade, why, when, and what caused
    /// it), numbered per result. A moderated component's kind is called so.
    static let resultsHistory = Migration(id: "store.014.results-history") { dialect in
        [
            "UPDATE components SET kind = 'moderated' WHERE kind = 'non-exam-assessment'",
            """
            CREATE TABLE grade_boundaries (
                series_code TEXT NOT NULL REFERENCES series(code), component_code TEXT NOT NULL REFERENCES components(code),
                grade TEXT NOT NULL, lowest_mark INTEGER NOT NULL,
                PRIMARY KEY (series_code, component_code, grade))
            """,
            """
            CREATE TABLE result_revisions (
                id \(dialect.autoIncrementKey), series_code TEXT NOT NULL, centre_number TEXT NOT NULL,
                candidate_number TEXT NOT NULL, component_code TEXT NOT NULL, revision INTEGER NOT NULL,
                previous_mark INTEGER, previous_grade TEXT, mark INTEGER, grade TEXT, reason TEXT NOT NULL,
                cause TEXT NOT NULL, cause_id TEXT, at TEXT NOT NULL,
                UNIQUE (series_code, centre_number, candidate_number, component_code, revision),
                FOREIGN KEY (series_code, centre_number, candidate_number, component_code)
                    REFERENCES results(series_code, centre_number, candidate_number, component_code))
            """,
        ]
    }

    /// Enquiries about results and their timelines. A candidate has at most one review of
    /// marking (ordinary or priority) per component and series, held by a unique index so
    /// two submissions at once cannot both pass.
    static let enquiries = Migration(id: "store.015.enquiries") { dialect in
        [
            """
            CREATE TABLE enquiries (
                id TEXT PRIMARY KEY, series_code TEXT NOT NULL REFERENCES series(code), centre_number TEXT NOT NULL,
                candidate_number TEXT, component_code TEXT NOT NULL REFERENCES components(code), service TEXT NOT NULL,
                consent_agreed INTEGER, consent_obtained_at TEXT, consent_acknowledged INTEGER,
                requested_by TEXT NOT NULL, status TEXT NOT NULL, received_at TEXT NOT NULL, due_at TEXT NOT NULL,
                fee_pence INTEGER NOT NULL, previous_mark INTEGER, previous_grade TEXT, outcome_mark INTEGER,
                outcome_grade TEXT, outcome_reason TEXT, outcome_received_at TEXT)
            """,
            "CREATE INDEX enquiries_by_centre ON enquiries (centre_number, received_at, id)",
            """
            CREATE UNIQUE INDEX enquiries_one_review_of_marking
                ON enquiries (series_code, centre_number, candidate_number, component_code)
                WHERE service IN ('review-of-marking', 'priority-review-of-marking')
            """,
            """
            CREATE TABLE enquiry_events (
                id \(dialect.autoIncrementKey), enquiry_id TEXT NOT NULL REFERENCES enquiries(id),
                at TEXT NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL)
            """,
            "CREATE INDEX enquiry_events_by_enquiry ON enquiry_events (enquiry_id, id)",
        ]
    }

    /// Appeals against enquiries' outcomes and their timelines. An enquiry has at most one
    /// appeal per stage, held by the primary key so two appeals at once cannot both pass.
    static let appeals = Migration(id: "store.016.appeals") { dialect in
        [
            """
            CREATE TABLE appeals (
                id TEXT PRIMARY KEY, enquiry_id TEXT NOT NULL REFERENCES enquiries(id), stage INTEGER NOT NULL,
                series_code TEXT NOT NULL, centre_number TEXT NOT NULL, candidate_number TEXT, component_code TEXT NOT NULL,
                statement TEXT NOT NULL, requested_by TEXT NOT NULL, status TEXT NOT NULL, received_at TEXT NOT NULL,
                due_at TEXT NOT NULL, previous_mark INTEGER, previous_grade TEXT, decision_mark INTEGER,
                decision_grade TEXT, decision_reason TEXT, decided_at TEXT,
                UNIQUE (enquiry_id, stage))
            """,
            "CREATE INDEX appeals_by_centre ON appeals (centre_number, received_at, id)",
            """
            CREATE TABLE appeal_events (
                id \(dialect.autoIncrementKey), appeal_id TEXT NOT NULL REFERENCES appeals(id),
                at TEXT NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL)
            """,
            "CREATE INDEX appeal_events_by_appeal ON appeal_events (appeal_id, id)",
        ]
    }

    /// Missing and incomplete results queries and their timelines. A candidate has at most
    /// one open query per component, series and reason, held by a partial unique index so
    /// two submissions at once cannot both pass; a resolved query frees the place.
    static let resultQueries = Migration(id: "store.017.result-queries") { dialect in
        [
            """
            CREATE TABLE result_queries (
                id TEXT PRIMARY KEY, series_code TEXT NOT NULL REFERENCES series(code), centre_number TEXT NOT NULL,
                candidate_number TEXT NOT NULL, component_code TEXT NOT NULL REFERENCES components(code),
                reason TEXT NOT NULL, detail TEXT NOT NULL, indicator TEXT, requested_by TEXT NOT NULL,
                status TEXT NOT NULL, received_at TEXT NOT NULL, due_at TEXT NOT NULL,
                resolution TEXT, previous_mark INTEGER, previous_grade TEXT, corrected_mark INTEGER, corrected_grade TEXT,
                resolution_reason TEXT, resolved_at TEXT,
                FOREIGN KEY (centre_number, candidate_number) REFERENCES candidates(centre_number, candidate_number))
            """,
            "CREATE INDEX result_queries_by_centre ON result_queries (centre_number, received_at, id)",
            """
            CREATE UNIQUE INDEX result_queries_one_open
                ON result_queries (series_code, centre_number, candidate_number, component_code, reason)
                WHERE status = 'received'
            """,
            """
            CREATE TABLE result_query_events (
                id \(dialect.autoIncrementKey), query_id TEXT NOT NULL REFERENCES result_queries(id),
                at TEXT NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL)
            """,
            "CREATE INDEX result_query_events_by_query ON result_query_events (query_id, id)",
        ]
    }

    /// A review of moderation's outcome: the adjustment made to the cohort's marks and how
    /// many results it revised, beside the reason and time every outcome has.
    static let cohortOutcomes = Migration(id: "store.018.cohort-outcomes") { _ in
        [
            "ALTER TABLE enquiries ADD COLUMN cohort_adjustment INTEGER",
            "ALTER TABLE enquiries ADD COLUMN cohort_results_revised INTEGER",
        ]
    }

    /// Subjects over components with their weightings, each series' subject grade
    /// boundaries, and late certification requests. A candidate has at most one request
    /// (withdrawn ones aside) per subject, held by a partial unique index so two requests at
    /// once cannot both pass.
    static let certification = Migration(id: "store.019.certification") { _ in
        [
            """
            CREATE TABLE subjects (
                code TEXT PRIMARY KEY, title TEXT NOT NULL, qualification TEXT NOT NULL, max_mark INTEGER NOT NULL)
            """,
            """
            CREATE TABLE subject_parts (
                subject_code TEXT NOT NULL REFERENCES subjects(code), position INTEGER NOT NULL,
                component_code TEXT NOT NULL REFERENCES components(code), weighting INTEGER NOT NULL,
                PRIMARY KEY (subject_code, component_code))
            """,
            """
            CREATE TABLE subject_boundaries (
                series_code TEXT NOT NULL REFERENCES series(code), subject_code TEXT NOT NULL REFERENCES subjects(code),
                grade TEXT NOT NULL, lowest_mark INTEGER NOT NULL,
                PRIMARY KEY (series_code, subject_code, grade))
            """,
            """
            CREATE TABLE certifications (
                id TEXT PRIMARY KEY, series_code TEXT NOT NULL REFERENCES series(code), centre_number TEXT NOT NULL,
                candidate_number TEXT NOT NULL, subject_code TEXT NOT NULL REFERENCES subjects(code),
                requested_by TEXT NOT NULL, status TEXT NOT NULL, received_at TEXT NOT NULL, fee_pence INTEGER NOT NULL,
                award_mark INTEGER, award_grade TEXT, awarded_at TEXT,
                FOREIGN KEY (centre_number, candidate_number) REFERENCES candidates(centre_number, candidate_number))
            """,
            "CREATE INDEX certifications_by_centre ON certifications (centre_number, received_at, id)",
            """
            CREATE UNIQUE INDEX certifications_once_per_subject
                ON certifications (centre_number, candidate_number, subject_code) WHERE status <> 'withdrawn'
            """,
        ]
    }

    /// Statements of results: one row per revision of a candidate's statement for a series,
    /// reserved (with its number) before it is drawn and completed once it is published; and
    /// the signed links that offer them. A cause makes one statement, held by a unique index.
    static let statements = Migration(id: "store.020.statements") { _ in
        [
            """
            CREATE TABLE statements (
                id TEXT PRIMARY KEY, series_code TEXT NOT NULL REFERENCES series(code), centre_number TEXT NOT NULL,
                candidate_number TEXT NOT NULL, revision INTEGER NOT NULL, cause TEXT NOT NULL, cause_id TEXT NOT NULL,
                created_at TEXT NOT NULL, status TEXT NOT NULL, object_id TEXT, sha256 TEXT, byte_count INTEGER,
                page_count INTEGER, published_at TEXT,
                UNIQUE (series_code, centre_number, candidate_number, revision),
                UNIQUE (series_code, centre_number, candidate_number, cause_id),
                FOREIGN KEY (centre_number, candidate_number) REFERENCES candidates(centre_number, candidate_number))
            """,
            """
            CREATE TABLE statement_links (
                id TEXT PRIMARY KEY, statement_id TEXT NOT NULL REFERENCES statements(id), key_id TEXT NOT NULL,
                object_id TEXT NOT NULL, content_sha256 TEXT NOT NULL, file_name TEXT NOT NULL, audience TEXT NOT NULL,
                not_before TEXT NOT NULL, expires_at TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
        ]
    }
}
