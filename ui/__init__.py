"""The PySide6 desktop front end. Everything here may import dv_forum; never the other way round."""
