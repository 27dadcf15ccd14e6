from django.db import models


class FailedTaskQuerySet(models.QuerySet):
    def unresolved(self) -> "FailedTaskQuerySet":
        return self.filter(resolved_at__isnull=True)


class FailedTask(models.Model):
    """A side effect whose task failed after every retry; it is not run again until an operator retries it."""

    task = models.CharField(max_length=200)
    object_id = models.BigIntegerField()
    error = models.TextField()
    traceback = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    failed_at = models.DateTimeField(auto_now_add=True)
    last_failed_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = FailedTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-failed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "object_id"],
                condition=models.Q(resolved_at__isnull=True),
                name="uniq_unresolved_failed_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}({self.object_id})"
