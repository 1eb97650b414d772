"""Help: the keyboard shortcuts and a short page on how to read the window (translatable)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from cnnviz.core.i18n import tr


def shortcuts() -> list[tuple[str, str]]:
    """(keys, what they do), in the order the help lists them."""
    return [
        ("Ctrl+O", tr("open an image")),
        ("Ctrl+V", tr("paste an image (or a file path)")),
        ("Ctrl+S", tr("save the session")),
        ("Ctrl+E", tr("export the view as PNG")),
        ("Ctrl+Z", tr("undo a change of settings or kernels")),
        ("Ctrl+Y / Ctrl+Shift+Z", tr("redo it")),
        ("Ctrl+I", tr("show / hide the inspector (click a cell to explain it)")),
        ("Ctrl+K", tr("show / hide the kernel editor")),
        ("Ctrl+B", tr("show / hide the A/B comparison")),
        ("Ctrl+L", tr("show / hide the lessons (predict, then see)")),
        ("Ctrl+T", tr("show / hide the Train panel (watch the network learn)")),
        ("Ctrl+Shift+C", tr("copy the network as PyTorch code")),
        ("Ctrl+Shift+P", tr("padding and rounding: a layer's padded input and the rows it leaves unread")),
        ("Ctrl+Shift+N", tr("show / hide the batch axis (N × C × H × W) and the torch.flatten bug")),
        ("Esc", tr("(in the inspector) forget the selected cell and its receptive field")),
        ("Ctrl++ / Ctrl+- / Ctrl+0", tr("zoom the maps in / out / back to 100 %")),
        ("Tab / Shift+Tab", tr("move between the toolbar, the sidebar and the panels")),
        (tr("arrow keys (in a panel)"), tr("move between the channels' tiles")),
        (
            tr("Shift + arrow keys (in a panel)"),
            tr("move the cell cursor inside a map; the status bar reads it"),
        ),
        ("Home / End", tr("first / last channel")),
        ("Enter", tr("open the channel under the cursor enlarged")),
        (tr("← / → (enlarged view)"), tr("previous / next channel")),
        ("F11", tr("full screen")),
        ("F1", tr("how to read this window")),
        ("Ctrl+Q", tr("quit")),
    ]


def shortcuts_html() -> str:
    rows = "".join(
        f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}</td></tr>" for keys, what in shortcuts()
    )
    title = tr("Keyboard shortcuts")  # tr() outside the f-string: lupdate does not look inside one
    return f"<h3>{title}</h3><table>{rows}</table>"


def reading_html() -> str:
    """What each part of the window is, what the colours mean, what the formula's numbers are."""
    parts = [
        "<h3>" + tr("How to read this window") + "</h3>",
        "<p>"
        + tr(
            "The sidebar holds every argument of every layer, as in PyTorch (Conv2d, MaxPool2d, AvgPool2d). "
            "Change one and the shapes, the formula and the maps follow at once."
        )
        + "</p>",
        "<p><b>"
        + tr("Shape strip")
        + "</b>: "
        + tr(
            "the shape after each stage, channels × height × width. A ✕ marks the first layer the current "
            "settings cannot compute; the message next to it says why."
        )
        + "</p>",
        "<p><b>"
        + tr("Panels")
        + "</b>: "
        + tr(
            "one per stage. A conv panel shows its feature maps (one small picture per output channel), "
            "a ReLU panel the activation maps, a pool panel the pooled maps; the flatten panel is the "
            "vector handed to the fully connected layer, and the last panel the class scores."
        )
        + "</p>",
        "<p><b>"
        + tr("Colours")
        + "</b>: "
        + tr(
            "feature maps can be negative and use a diverging colormap: white is zero, red positive, blue "
            "negative. Activations are never negative and use a sequential colormap: dark is zero. The bar "
            "under each panel gives the values at its ends; by default each channel has its own range."
        )
        + "</p>",
        "<p><b>"
        + tr("The formula")
        + "</b>: "
        + tr(
            "L_out = ⌊(L_in + 2·padding − dilation·(kernel−1) − 1)/stride + 1⌋, with the layer's own numbers. "
            "The floor drops the rows and columns the last window would only partly cover."
        )
        + "</p>",
        "<p><b>"
        + tr("Dimmed panels")
        + "</b>: "
        + tr(
            "a panel shown faded, with a note, holds maps of other settings than the current ones (while "
            "the new ones are computed, or when the current settings cannot be computed). Its note says "
            "which settings it shows."
        )
        + "</p>",
    ]
    return "".join(parts)


class HelpDialog(QDialog):
    """One page of help text (shortcuts or how to read the window)."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("help-dialog")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("help-text")
        self.text.setHtml(html)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 520)
