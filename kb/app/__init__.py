"""Services over the store and the search engine, without Flask: what the web app and the
command line both ask. Each module answers one kind of question (searching, records,
partners, health, exports); `KnowledgeBase` holds what they share."""
