def test_healthz_answers_without_checking_anything(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_checks_database_broker_and_storage_and_reports_pending_work(client, decided):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"] == {"database": "ok", "broker": "ok", "storage": "ok"}
    assert body["pending"]["publish"]["count"] == 1
    assert body["pending"]["email"]["count"] == 2
    assert body["failed_tasks"] == 0


def test_readyz_is_503_when_storage_cannot_be_written(client, db, settings, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    settings.MEDIA_ROOT = blocked / "media"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("default storage")


def test_metrics_count_pending_side_effects_and_the_age_of_the_oldest(client, decided):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    assert 'detainer_pending_side_effects{kind="publish"} 1' in text
    assert 'detainer_pending_side_effects{kind="email"} 2' in text
    assert 'detainer_pending_side_effects{kind="revision_pdf"} 0' in text
    assert "detainer_failed_tasks 0" in text
    ages = dict(line.rsplit(" ", 1) for line in text.splitlines() if line.startswith("detainer_pending_oldest"))
    assert 0 <= float(ages['detainer_pending_oldest_age_seconds{kind="publish"}']) < 60


def test_reviewers_see_pending_work_and_failed_tasks_on_the_status_page(client, decided, reviewer):
    from config.operations.services import record_failure

    record_failure(task="reports.tasks.render_revision_pdf", object_id=5, error="TemplateSyntaxError: bad tag")
    client.force_login(reviewer)
    response = client.get("/review/status/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "reports.tasks.render_revision_pdf(5)" in page and "TemplateSyntaxError: bad tag" in page
    assert "Corrections to publish in a revision" in page


def test_sheriffs_do_not_see_the_status_page(client, sheriff):
    client.force_login(sheriff)
    assert client.get("/review/status/").status_code == 403
