"""The Flask-Login peer, served by gunicorn: the seeded user, werkzeug's default password hash,
Flask's signed-cookie session. FLASK_SECRET comes from the runner so every worker shares it."""

import os

from flask import Flask, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from markupsafe import escape
from werkzeug.security import check_password_hash, generate_password_hash


class User(UserMixin):
    def __init__(self, user_id, email, name, password):
        self.id = user_id
        self.email = email
        self.name = name
        self.password_hash = generate_password_hash(password)


USER = User("1", "a@example.com", "alice", "correct horse battery staple")

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET"]
login_manager = LoginManager(app)


@login_manager.user_loader
def load_user(user_id):
    return USER if user_id == USER.id else None


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
        f"<p>Signed in as {escape(current_user.name)}.</p>"
    )


@app.post("/login")
def login():
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    ok = check_password_hash(USER.password_hash, password)
    if not ok or email != USER.email:
        return "wrong email or password", 401, {"Content-Type": "text/plain"}
    login_user(USER, remember=request.form.get("remember") in ("on", "1", "true"))
    return redirect("/profile", 302)
