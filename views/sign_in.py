"""Logga in: exists in the navigation only when editors or identity providers are configured and the app is not
public."""

import streamlit as st

from kpis.app import editing
from kpis.app.state import t

st.title(t("sign_in_title"))
st.markdown(t("sign_in_intro"))
if editing.providers():  # the municipality's own accounts first (OpenID Connect)
    editing.provider_sign_in()
if editing.editors():  # password accounts, for a panel without an identity provider or beside one
    if editing.providers():
        st.caption(t("sign_in_or_password"))
    editing.sign_in_form()
