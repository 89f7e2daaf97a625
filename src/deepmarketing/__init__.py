"""deepmarketing."""
