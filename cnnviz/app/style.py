"""The app's style sheet: quiet panels, clear problem marks, readable formulas."""

# A panel's shape badge: the style sheet sizes it (padding, weight); the badge paints itself in
# these colours (cnnviz.app.panels.frame._ShapeLabel).
SHAPE_BADGE_BACKGROUND = "#e8eef7"
SHAPE_BADGE_TEXT = "#1f3b63"

STYLE_SHEET = """
QFrame[stagePanel="true"] {
    background: palette(base);
    border: 1px solid #d0d4da;
    border-radius: 6px;
}
QLabel[muted="true"] { color: #6b7280; }
QLabel[shapeLabel="true"] {
    font-weight: 600;
    color: SHAPE_BADGE_TEXT;
    background: SHAPE_BADGE_BACKGROUND;
    border-radius: 4px;
    padding: 1px 6px;
}
QLabel[problem="true"] { color: #b3261e; }
QLabel[staleNote="true"] {
    color: #5c3d00;
    background: #fff4e0;
    border: 1px solid #f0c98a;
    border-radius: 4px;
    padding: 2px 6px;
}
QLabel[random="true"] { color: #9a5b00; }
QLabel[formula="true"] {
    background: #f4f6f9;
    border: 1px solid #e1e5eb;
    border-radius: 4px;
    padding: 4px;
}
*[invalid="true"] { border: 1px solid #b3261e; background: #fdecea; }
QToolButton[sectionHeader="true"] {
    font-weight: 600;
    text-align: left;
    padding: 4px;
    border: none;
    border-bottom: 1px solid #d0d4da;
}
#shape-strip-frame { background: #f7f8fa; border-bottom: 1px solid #d0d4da; }
#message-bar { border-bottom: 1px solid #d0d4da; }
#message-bar[level="error"] { background: #fdecea; }
#message-bar[level="warning"] { background: #fff4e0; }
#message-bar[level="info"] { background: #e8f1fb; }
""".replace("SHAPE_BADGE_TEXT", SHAPE_BADGE_TEXT).replace("SHAPE_BADGE_BACKGROUND", SHAPE_BADGE_BACKGROUND)
