"""What both Flask-Login peers serve, as every bench app does: GET /hello, GET /profile behind
login_required (the ~100-byte page naming the user, escaped) and POST /login."""

from flask import redirect, request
from flask_login import current_user, login_required, login_user
from markupsafe import escape
from werkzeug.security import check_password_hash


def serve_contract(app, login_manager, find_by_email, name_of):
    """Adds the three routes; find_by_email(email) gives the user or None, name_of(user) the name shown."""

    @login_manager.unauthorized_handler
    def unauthorized():
        return "login required", 401, {"Content-Type": "text/plain"}

    @app.get("/hello")
    def hello():
        return "hello", 200, {"Content-Type": "text/plain"}

    @app.get("/profile")
    @login_required
    def profile():
        return (
            "<!doctype html><meta charset=utf-8><title>Profile</title><h1>Profile</h1>"
            f"<p>Signed in as {escape(name_of(current_user))}.</p>"
        )

    @app.post("/login")
    def login():
        user = find_by_email(request.form.get("email", ""))
        password = request.form.get("password", "")
        if user is None or not check_password_hash(user.password_hash, password):
            return "wrong email or password", 401, {"Content-Type": "text/plain"}
        login_user(user, remember=request.form.get("remember") in ("on", "1", "true"))
        return redirect("/profile", 302)
