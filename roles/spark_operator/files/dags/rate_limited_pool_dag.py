"""Several DAG runs share one rate-limited API: the pool lets only two calls run at once.

The pool ``rate_limited_api`` is created by the dataeng.airflow_lab.airflow role (airflow_pools).
"""

from __future__ import annotations

import datetime
import time

try:  # Airflow 3
    from airflow.sdk import dag, task
except ImportError:  # Airflow 2
    from airflow.decorators import dag, task


@dag(
    dag_id="rate_limited_api",
    schedule=None,
    start_date=datetime.datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=4,
    tags=["airflow-lab", "pools"],
)
def rate_limited_api():
    @task(pool="rate_limited_api", retries=2)
    def fetch_quote(symbol: str) -> dict:
        time.sleep(2)  # stands in for the API call
        return {"symbol": symbol, "fetched_at": datetime.datetime.now(datetime.timezone.utc).isoformat()}

    @task
    def summarize(quotes: list[dict]) -> int:
        return len(quotes)

    summarize(fetch_quote.expand(symbol=["AAPL", "MSFT", "GOOG", "AMZN", "BTC-USD", "ETH-USD"]))


rate_limited_api()
