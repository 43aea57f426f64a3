"""URLs for taking part in a conversation (and for starting one)."""

from django.urls import path

from verkstad.dialogue.views import participate

urlpatterns = [
    path("", participate.conversation_list, name="conversation_list"),
    path("ny/", participate.conversation_create, name="conversation_create"),
    path("<slug:slug>/", participate.conversation_detail, name="conversation"),
    path("<slug:slug>/rosta/", participate.vote, name="vote"),
    path("<slug:slug>/pastaende/", participate.statement_create, name="statement_create"),
    path("<slug:slug>/roll/", participate.role, name="role"),
    path("<slug:slug>/mina-svar/", participate.participation, name="participation"),
    path("<slug:slug>/delta/<str:token>/", participate.join, name="join"),
]
