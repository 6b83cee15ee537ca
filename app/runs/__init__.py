"""Live training runs: experiments, building and training them, views of them, export and import, the cost
model that meters their work, and the store that holds them (the routes are in app.routers.runs)."""
