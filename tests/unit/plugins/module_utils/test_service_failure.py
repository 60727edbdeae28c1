"""What the run says when a service refuses its new configuration: the service's own lines (as Redis 7.0 and
PostgreSQL 15 print them, see config.c / server.c and pg_ctlcluster's echo of the server log), the variable behind the
refused directive or parameter, whether the previous configuration is back, and no secret."""
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._hints import service_failure

REDIS_BIND = """Starting redis.service - Redis 7.0.15 (airflow lab, built from source)...
101:C 07 Dec 2026 06:30:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
101:M 07 Dec 2026 06:30:00.001 # Warning: Could not create server TCP listening socket fd00::99:6379: bind: Cannot assign requested address
101:M 07 Dec 2026 06:30:00.001 # Failed listening on port 6379 (tcp), aborting.
redis.service: Main process exited, code=exited, status=1/FAILURE
redis.service: Scheduled restart job, restart counter is at 1.
115:M 07 Dec 2026 06:30:02.104 # Warning: Could not create server TCP listening socket fd00::99:6379: bind: Cannot assign requested address
115:M 07 Dec 2026 06:30:02.104 # Failed listening on port 6379 (tcp), aborting.
"""
REDIS_DIRECTIVE = """
*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
Reading the configuration file, at line 20
>>> 'maxmemory "1x"'
argument must be a memory value
"""
POSTGRES = """Starting postgresql@15-main.service - PostgreSQL Cluster 15-main...
Error: /usr/lib/postgresql/15/bin/pg_ctl /usr/lib/postgresql/15/bin/pg_ctl start -D /var/lib/postgresql/15/main exited with status 1:
2026-12-07 06:30:00.000 UTC [202] LOG:  invalid value for parameter "max_connections": "abc"
2026-12-07 06:30:00.000 UTC [202] FATAL:  configuration file "/etc/postgresql/15/main/conf.d/airflow-lab.conf" contains errors
postgresql@15-main.service: Failed with result 'exit-code'.
"""
REDIS_VARIABLES = {"bind": "redis_bind", "port": "redis_port", "maxmemory": "redis_maxmemory",
                   "maxmemory-policy": "redis_maxmemory_policy", "dir": "redis_data_dir"}


def test_a_bind_redis_cannot_make_names_redis_bind_and_the_previous_configuration():
    text = service_failure(REDIS_BIND, "Redis", REDIS_VARIABLES, restored=["/etc/redis/redis.conf"],
                           command="journalctl --unit=redis --no-pager")
    assert text.startswith("Redis refused its new configuration: the previous one (/etc/redis/redis.conf) is back")
    assert ("Redis said: Warning: Could not create server TCP listening socket fd00::99:6379: bind: Cannot assign requested "
            "address | Failed listening on port 6379 (tcp), aborting. Check") in text
    assert text.endswith(". Check redis_bind. To look further: journalctl --unit=redis --no-pager")
    assert "Redis is starting" not in text


def test_a_refused_directive_names_its_variable_and_not_its_neighbour():
    text = service_failure(REDIS_DIRECTIVE, "Redis", REDIS_VARIABLES)
    assert "there was no previous one to put back" in text
    assert ">>> 'maxmemory \"1x\"' | argument must be a memory value" in text
    assert text.endswith("Check redis_maxmemory")
    assert "redis_maxmemory_policy" not in text


def test_a_postgresql_parameter_names_its_key_of_postgresql_settings():
    text = service_failure(POSTGRES, "PostgreSQL", {"max_connections": "postgresql_settings.max_connections",
                                                    "listen_addresses": "postgresql_listen_addresses"},
                           restored=["/etc/postgresql/15/main/conf.d/airflow-lab.conf"])
    assert 'PostgreSQL said: Error: /usr/lib/postgresql/15/bin/pg_ctl' in text
    assert '| LOG:  invalid value for parameter "max_connections": "abc" | FATAL:  configuration file' in text
    assert "contains errors" in text
    assert text.endswith("Check postgresql_settings.max_connections")


def test_secrets_never_reach_the_message():
    journal = ">>> 'requirepass \"s3cr3t-pw\"'\nBad directive or wrong number of arguments\n"
    text = service_failure(journal, "Redis", {"requirepass": "redis_password"}, secrets=["s3cr3t-pw"])
    assert "s3cr3t-pw" not in text and "********" in text
    assert text.endswith("Check redis_password")


def test_without_an_error_line_the_last_lines_are_quoted():
    text = service_failure("a\nb\nc\nd\ne\nf\ng\n", "Redis")
    assert text.endswith("Redis said: c | d | e | f | g")
