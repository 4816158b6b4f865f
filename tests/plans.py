"""The query plan of a statement, on either database: for tests that ask whether an index answers it."""

from django.db import connection


def query_plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # On a test's few rows the planner would rather read the table; what is asked here is
            # whether the index can answer the query, as it does at 100,000 members.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())
