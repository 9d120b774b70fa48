"""Pydantic schemas shared by the project's v3 API routers."""

from ninja import Field, Schema


class RenditionSchema(Schema):
    """An image rendition: where to fetch it, its size and its alt text."""

    url: str = Field(description="Path of the rendition file.")
    full_url: str = Field(description="Absolute URL of the rendition file.")
    width: int
    height: int
    alt: str


class DocumentSchema(Schema):
    """A downloadable document."""

    id: int
    title: str
    download_url: str = Field(description="Absolute URL that serves the file.")
    file_extension: str
    file_size: int | None = Field(description="Size in bytes.")


LOCALE_PATTERN = r"^[a-z]{2}(-[a-z]{2,4})?$"
