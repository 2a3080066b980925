"""placeholder"""

from fastapi import FastAPI


def mount_ui(app: FastAPI, live: object) -> None:
    pass
