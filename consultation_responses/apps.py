from django.apps import AppConfig
from django.db.models.signals import post_save


class ConsultationResponsesConfig(AppConfig):
    name = "consultation_responses"
    verbose_name = "Remissvar"
    # Added to API v3 by core (core.api.v3.adjust_wagtail_v3_api).
    api_routers = {"/consultation-responses/": "consultation_responses.routers.router"}

    def ready(self) -> None:
        from wagtail.models import TaskState

        from .approval import record_board_approval
        from .models import ConsultationResponseIndexPage
        from .signals import assign_board_workflow

        post_save.connect(
            assign_board_workflow,
            sender=ConsultationResponseIndexPage,
            dispatch_uid="consultation_responses_board_workflow",
        )
        post_save.connect(
            record_board_approval,
            sender=TaskState,
            dispatch_uid="consultation_responses_board_approval",
        )
