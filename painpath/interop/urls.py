app_name = "interop"
urlpatterns: list = []  # the FHIR endpoints are API routes (interop/api.py)
