"""Notifications every app sends: the reminder settings, the in-app
notification, its channels (e-mail, WeCom and DingTalk robots) and delivery."""
