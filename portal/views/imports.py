"""Bulk import pages: templates, upload, a preview with every row's errors, and commit.

Each upload is stored in the session under a random token, which the preview page's
address and its confirm form carry. So with several previews open in different tabs, each
Import button commits the rows and the provider that its own page showed.
"""

import secrets
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import usable_providers_q
from core.forms import name_invalid_choices
from hobbies import bulk_import
from hobbies.bulk_import_changes import preview_rows
from providers.models import Provider

from .common import portal_view

SESSION_KEY = "portal_bulk_import"
# Stored with the uploads. A session from before a change of the row format sends the user
# back to the upload page instead of failing on rows of the old shape.
SESSION_FORMAT = 3
# Uploads kept at most per session; an older preview's Import button then gets the message
# for a stale preview. This bounds the session's size, since each upload stores its rows.
MAX_OPEN_PREVIEWS = 3
# The name of the query parameter and of the confirm form's hidden field with the token.
TOKEN_FIELD = "upload"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    provider = forms.ModelChoiceField(label=gettext_lazy("Provider"), queryset=Provider.objects.none())
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A filled template as .xlsx or .csv, at most 2000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(usable_providers_q(user)).order_by("name_fi", "id")
        name_invalid_choices(self)


@portal_view
def template(request, file_format):
    language = translation.get_language()[:2]
    if file_format == "csv":
        response = HttpResponse(bulk_import.template_csv(language), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(bulk_import.template_xlsx(language), content_type=XLSX_TYPE)
    else:
        raise Http404
    filename = _("hobbies-template")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


@portal_view
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            data = upload_file.read(bulk_import.MAX_FILE_BYTES + 1)
            rows = bulk_import.read_table(upload_file.name, data, size=upload_file.size)
        except bulk_import.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            token = _store_upload(
                request.session,
                {"provider": form.cleaned_data["provider"].pk, "file_name": upload_file.name[:200], "rows": rows},
            )
            return redirect(f"{reverse('portal:bulk-import-preview')}?{urlencode({TOKEN_FIELD: token})}")
    return render(
        request,
        "portal/imports/upload.html",
        {"form": form, "columns": bulk_import.COLUMNS, "page_title": _("Bulk import")},
    )


@portal_view
def preview(request):
    token = (request.POST if request.method == "POST" else request.GET).get(TOKEN_FIELD, "")
    stored = _stored_uploads(request.session).get(token)
    if stored is None:
        messages.error(
            request,
            _(
                "This import preview is no longer available, so nothing was imported. It was already "
                "imported or cancelled, or newer uploads replaced it. Upload the file again."
            ),
        )
        return redirect("portal:bulk-import")
    provider = Provider.objects.filter(usable_providers_q(request.user), pk=stored["provider"]).first()
    if provider is None:
        _forget_upload(request.session, token)
        raise Http404
    rows = stored["rows"]
    commit_error = None
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            _forget_upload(request.session, token)
            return redirect("portal:bulk-import")
        try:
            result, validation = bulk_import.commit_rows(rows, provider, acting_user=request.user)
        except bulk_import.ImportCommitError as error:
            commit_error = error
            validation = bulk_import.validate_rows(rows, provider)
        if commit_error is None and validation.is_valid:
            _forget_upload(request.session, token)
            messages.success(
                request,
                _("Imported %(created)s new and %(updated)s changed hobbies for %(provider)s.")
                % {"created": result.created, "updated": result.updated, "provider": provider.name},
            )
            return redirect(f"{reverse('portal:hobby-list')}?provider={provider.pk}")
    else:
        validation = bulk_import.validate_rows(rows, provider)
    return render(
        request,
        "portal/imports/preview.html",
        {
            "provider": provider,
            "file_name": stored["file_name"],
            "validation": validation,
            "preview_rows": preview_rows(validation, provider) if validation.is_valid else [],
            "commit_error": commit_error,
            "row_count": len(rows),
            "token_field": TOKEN_FIELD,
            "token": token,
            "page_title": _("Check the import"),
        },
    )


def _stored_uploads(session):
    """Return {token: upload} from the session, or {} when it contains none of this format."""
    stored = session.get(SESSION_KEY)
    if not stored or stored.get("format") != SESSION_FORMAT:
        return {}
    return stored["uploads"]


def _store_upload(session, upload):
    """Store `upload` under a new token, dropping the oldest beyond MAX_OPEN_PREVIEWS, and
    return the token."""
    uploads = _stored_uploads(session)
    token = secrets.token_urlsafe(16)
    uploads[token] = upload
    # Dicts keep their order through the session's JSON, so the first token is the oldest.
    while len(uploads) > MAX_OPEN_PREVIEWS:
        del uploads[next(iter(uploads))]
    session[SESSION_KEY] = {"format": SESSION_FORMAT, "uploads": uploads}
    return token


def _forget_upload(session, token):
    uploads = _stored_uploads(session)
    uploads.pop(token, None)
    session[SESSION_KEY] = {"format": SESSION_FORMAT, "uploads": uploads}
