"""Wicara's Streamlit pages (UI only); app.py routes to them with st.navigation."""
