"""Site profiles: one module per CMS family, each exposing a `PROFILE` (see `base.Profile`)."""
