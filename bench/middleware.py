"""`QueryCountMiddleware` (bench only): each response says how many SQL queries it took, in X-Bench-Queries.

One query is a page from the cache (its revision token); more is a page computed. The benchmark's
gunicorn runs read it to count how often a page was computed after a change (`bench.workers`).
"""

from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
