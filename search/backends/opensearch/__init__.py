"""The OpenSearch backend (opensearch-py): the production engine for collections that outgrow one machine."""
