"""The admin pages: teams, agents, people and their invitations, the settings and Twilio set-up."""
