"""The Flask-Login peer as the Flask books and courses build it: Flask-SQLAlchemy on SQLite, a
User model with werkzeug's default password hash, a user_loader that reads the user from the
database on every request, and Flask's signed-cookie session. gunicorn loads it once (--preload)
and forks the workers; FLASK_SECRET and FLASK_DATABASE come from the runner."""

import os

from flask import Flask, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from markupsafe import escape
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET"]
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.environ["FLASK_DATABASE"]
db = SQLAlchemy(app)
login_manager = LoginManager(app)


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), unique=True, nullable=False)
    username = db.Column(db.String(64), nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)


with app.app_context():
    db.create_all()
    if db.session.execute(db.select(User).filter_by(email="a@example.com")).scalar() is None:
        db.session.add(
            User(
                email="a@example.com",
                username="alice",
                password_hash=generate_password_hash("correct horse battery staple"),
            )
        )
        db.session.commit()
    # No connection crosses gunicorn's fork: each worker opens its own.
    db.engine.dispose()


@login_manager.user_loader
def load_user(user_id):
    return db.session.get(User, int(user_id))


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
        f"<p>Signed in as {escape(current_user.username)}.</p>"
    )


@app.post("/login")
def login():
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    user = db.session.execute(db.select(User).filter_by(email=email)).scalar()
    if user is None or not check_password_hash(user.password_hash, password):
        return "wrong email or password", 401, {"Content-Type": "text/plain"}
    login_user(user, remember=request.form.get("remember") in ("on", "1", "true"))
    return redirect("/profile", 302)
