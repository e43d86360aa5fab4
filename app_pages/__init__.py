"""The pages of the Streamlit app. Each draws with `graph`'s query API; none holds graph logic."""
