"""
Canopy's settings export: add "canopy_export" to INSTALLED_APPS and run
`manage.py canopy_export` to write, as JSON, every Django and DRF setting
Canopy's functions mirror. Needs nothing beyond Django (3.2 to 5.x) and DRF.
"""
