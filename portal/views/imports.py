"""Bulk import pages: templates, upload, a preview with every row's errors, and commit."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import usable_providers_q
from hobbies import bulk_import
from providers.models import Provider

from .common import portal_view

SESSION_KEY = "portal_bulk_import"
# Stored with the rows. A session from before a change of the row format sends the user back
# to the upload page instead of failing on rows of the old shape.
SESSION_FORMAT = 2
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
            request.session[SESSION_KEY] = {
                "format": SESSION_FORMAT,
                "provider": form.cleaned_data["provider"].pk,
                "file_name": upload_file.name[:200],
                "rows": rows,
            }
            return redirect("portal:bulk-import-preview")
    return render(
        request,
        "portal/imports/upload.html",
        {"form": form, "columns": bulk_import.COLUMNS, "page_title": _("Bulk import")},
    )


@portal_view
def preview(request):
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("format") != SESSION_FORMAT:
        request.session.pop(SESSION_KEY, None)
        return redirect("portal:bulk-import")
    provider = Provider.objects.filter(usable_providers_q(request.user), pk=stored["provider"]).first()
    if provider is None:
        del request.session[SESSION_KEY]
        raise Http404
    rows = stored["rows"]
    commit_error = None
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            del request.session[SESSION_KEY]
            return redirect("portal:bulk-import")
        try:
            result, validation = bulk_import.commit_rows(rows, provider, acting_user=request.user)
        except bulk_import.ImportCommitError as error:
            commit_error = error
            validation = bulk_import.validate_rows(rows, provider)
        if commit_error is None and validation.is_valid:
            del request.session[SESSION_KEY]
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
            "commit_error": commit_error,
            "row_count": len(rows),
            "page_title": _("Check the import"),
        },
    )
