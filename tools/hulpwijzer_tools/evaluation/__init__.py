"""How well the model understands: blind/dev/held-out evaluation, the trainers' NLU report, training-data checks."""
