"""Training quizzes over the clause store: generate, grade, check validity, export."""

from assistant.quiz.generate import generate_quiz
from assistant.quiz.grade import grade_quiz
from assistant.quiz.models import GradedAnswer, GradeReport, Quiz, QuizOption, QuizQuestion, QuizRequest, QuizSource
from assistant.quiz.validity import quiz_validity

__all__ = [
    "GradeReport", "GradedAnswer", "Quiz", "QuizOption", "QuizQuestion", "QuizRequest", "QuizSource",
    "generate_quiz", "grade_quiz", "quiz_validity",
]
