"""The Flask-Login peer as the Flask books and courses build it: Flask-SQLAlchemy on SQLite, a
User model with werkzeug's default password hash, a user_loader that reads the user from the
database on every request, and Flask's signed-cookie session. gunicorn loads it once (--preload)
and forks the workers; FLASK_SECRET and FLASK_DATABASE come from the runner."""

import os

from flask import Flask
from flask_login import LoginManager, UserMixin
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import generate_password_hash

from flask_contract import serve_contract

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


serve_contract(
    app,
    login_manager,
    find_by_email=lambda email: db.session.execute(
        db.select(User).filter_by(email=email)
    ).scalar(),
    name_of=lambda user: user.username,
)
