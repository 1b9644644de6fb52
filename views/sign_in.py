"""Logga in: exists in the navigation only when editors or identity providers are configured and the app is not
public."""

import streamlit as st

from kpis.app import staff
from kpis.app.state import t

st.title(t("sign_in_title"))
st.markdown(t("sign_in_intro"))
if staff.providers():  # the municipality's own accounts first (OpenID Connect)
    staff.provider_sign_in()
if staff.editors():  # password accounts, for a panel without an identity provider or beside one
    if staff.providers():
        st.caption(t("sign_in_or_password"))
    staff.sign_in_form()
