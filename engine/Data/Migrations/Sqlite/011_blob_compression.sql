-- PostgreSQL only: blob chunks compressed with lz4 instead of pglz. SQLite never compresses stored values.
SELECT 1;
