"""The one way a view hands over a file: CSV or XLSX bytes as an attachment."""

from pathlib import PurePosixPath

from django.http import HttpResponse

from core.tabular_files import XLSX_CONTENT_TYPE

# The file formats a download view offers (?format=), by the suffix of the file's name.
DOWNLOAD_FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_CONTENT_TYPE}
# Every file a view may hand over; a ZIP is a whole export, never a ?format= choice.
CONTENT_TYPES = {**DOWNLOAD_FORMATS, "zip": "application/zip"}


def file_download(content: bytes, filename: str) -> HttpResponse:
    """`content` as an attachment called `filename`; its suffix (.csv, .xlsx, .zip) says what."""
    file_format = PurePosixPath(filename).suffix.removeprefix(".")
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
