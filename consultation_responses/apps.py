from django.apps import AppConfig


class ConsultationResponsesConfig(AppConfig):
    name = "consultation_responses"
    verbose_name = "Remissvar"
