"""Class evidence in the window: a Grad-CAM map (core.evidence) laid over the input image.

The scores panel owns one :class:`EvidenceView`; it shows the evidence for the
top class, or for the class picked in the panel, of the result the panel
shows, and names its method ("Grad-CAM on relu2 (the last conv stage)").
"""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.app.qt_utils import rgb_image
from cnnviz.core.display import render_input
from cnnviz.core.engine import ForwardResult
from cnnviz.core.evidence import EvidenceMap, class_evidence
from cnnviz.core.i18n import tr
from cnnviz.core.network import build_network
from cnnviz.core.render import lut

HEAT_COLORMAP = "matplotlib:inferno"
HEAT_OPACITY = 0.5  # the heat colour's share of each pixel: no evidence darkens, strong evidence glows


def evidence_for(result: ForwardResult, class_index: int | None = None) -> EvidenceMap:
    """Grad-CAM of ``class_index`` (default: the top class) with exactly the weights ``result`` used."""
    loaded = {
        name: torch.from_numpy(np.array(value, dtype=np.float32)) for name, value in result.weights.items()
    }
    net = build_network(result.spec, result.report, loaded=loaded)
    net.eval()
    return class_evidence(net, np.array(result.input, dtype=np.float32), class_index)


def overlay(input_array: np.ndarray, heatmap: np.ndarray) -> np.ndarray:
    """The input as RGB uint8 blended with the evidence on a heat colormap (black = none, yellow = most)."""
    image = render_input(input_array).astype(np.float32)
    table = lut(HEAT_COLORMAP)[:, :3].astype(np.float32)
    indices = np.clip(np.rint(heatmap * 255.0), 0, 255).astype(np.intp)
    blended = image * (1.0 - HEAT_OPACITY) + table[indices] * HEAT_OPACITY
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8)


class _Picture(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.dimmed = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(256)

    def sizeHint(self) -> QSize:
        return QSize(256, 256)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None:
            return
        painter = QPainter(self)
        if self.dimmed:
            painter.setOpacity(0.3)
        side = min(self.width(), self.height())
        scale = side / max(self.image.width(), self.image.height())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale < 1)
        painter.drawImage(QRectF(0, 0, self.image.width() * scale, self.image.height() * scale), self.image)


class EvidenceView(QWidget):
    """The evidence map over the input, with a caption naming the class and the method."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence-view")
        self.evidence: EvidenceMap | None = None
        self.rgb: np.ndarray | None = None  # what is painted: (H, W, 3) uint8
        self.picture = _Picture()
        self.picture.setObjectName("evidence-picture")
        self.caption = QLabel()
        self.caption.setObjectName("evidence-caption")
        self.caption.setWordWrap(True)
        self.caption.setProperty("muted", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.picture)

    def show_evidence(self, result: ForwardResult, class_index: int | None, names: list[str]) -> None:
        evidence = evidence_for(result, class_index)
        self.evidence = evidence
        self.rgb = overlay(result.input, evidence.heatmap)
        self.picture.image = rgb_image(self.rgb)
        self.picture.update()
        name = names[evidence.class_index] if evidence.class_index < len(names) else str(evidence.class_index)
        self.caption.setText(
            tr("Evidence for “{name}”: {method}; yellow = where the evidence came from, dark = none").format(
                name=name, method=evidence.method
            )
        )

    def clear(self, reason: str) -> None:
        self.evidence = None
        self.rgb = None
        self.picture.image = None
        self.picture.update()
        self.caption.setText(reason)

    def set_dimmed(self, dimmed: bool) -> None:
        self.picture.dimmed = dimmed
        self.picture.update()
