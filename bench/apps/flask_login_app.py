"""The Flask-Login peer, served by gunicorn: the seeded user kept in memory, werkzeug's default
password hash, Flask's signed-cookie session. FLASK_SECRET comes from the runner so every worker
shares it."""

import os

from flask import Flask
from flask_login import LoginManager, UserMixin
from werkzeug.security import generate_password_hash

from flask_contract import serve_contract


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


serve_contract(
    app,
    login_manager,
    find_by_email=lambda email: USER if email == USER.email else None,
    name_of=lambda user: user.name,
)
