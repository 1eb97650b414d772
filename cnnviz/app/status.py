"""The status bar: the value under the pointer, update timing, weights, device, "computing…"."""

from __future__ import annotations

import time
from collections import deque

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from cnnviz.app.tiles import Hover
from cnnviz.core.engine import device_label
from cnnviz.core.i18n import tr

BUSY_DELAY_MS = 300  # say "computing…" only when an update takes long enough to notice


class StatusArea:
    """Owns the status bar's labels; the window hands it what happened."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self._weights_text = ""
        self._random_layers: list[str] = []
        self.readout = QLabel(" ")
        self.readout.setObjectName("readout")
        self.readout.setMinimumWidth(260)
        self.timing = QLabel("")
        self.timing.setObjectName("timing")
        # Wide enough for any text it shows, so a new time does not re-lay out
        # the status bar on every update.
        self.timing.setMinimumWidth(
            self.timing.fontMetrics().horizontalAdvance("updated in 0000 ms (forward 000.0 ms) · 00 fps") + 8
        )
        self.weights = QLabel(tr("weights: seeded default"))
        self.weights.setObjectName("weights-label")
        self.device = QLabel("")
        self.device.setObjectName("device-label")
        self.busy = QLabel(tr("computing…"))
        self.busy.setObjectName("busy")
        self.busy.setVisible(False)
        bar.addWidget(self.readout, 1)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.weights)
        bar.addPermanentWidget(self.timing)
        bar.addPermanentWidget(self.device)
        self._busy_timer = QTimer(bar)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.busy.setVisible(True))
        self._times: deque[float] = deque(maxlen=120)

    def set_busy(self, busy: bool) -> None:
        if busy:
            if not self._busy_timer.isActive() and not self.busy.isVisible():
                self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.setVisible(False)

    def set_weights(self, text: str) -> None:
        self._weights_text = text
        self._show_weights()

    def set_random_layers(self, layers: list[str]) -> None:
        """Layers whose loaded weights no longer fit the settings (re-initialised): named after the weights."""
        self._random_layers = list(layers)
        self._show_weights()

    def _show_weights(self) -> None:
        text = tr("weights: {name}").format(name=self._weights_text)
        if self._random_layers:
            text += " · " + tr("random: {layers}").format(layers=", ".join(self._random_layers))
        self.weights.setText(text)

    def show_timing(
        self, latency_ms: float, timings: dict[str, float], reused: tuple[str, ...], device: str
    ) -> None:
        now = time.perf_counter()
        self._times.append(now)
        recent = [t for t in self._times if now - t <= 1.0]
        fps = f" · {len(recent)} fps" if len(recent) >= 3 else ""
        self.timing.setText(
            tr("updated in {total:.0f} ms (forward {forward:.1f} ms){fps}").format(
                total=latency_ms, forward=timings.get("forward", 0.0), fps=fps
            )
        )
        self.timing.setToolTip(
            tr("prepare {p:.1f} ms · forward {f:.1f} ms · tiles {t:.1f} ms · reused: {r}").format(
                p=timings.get("prepare", 0.0),
                f=timings.get("forward", 0.0),
                t=timings.get("tiles", 0.0),
                r=", ".join(reused) or tr("nothing"),
            )
        )
        label = device_label(device)
        if self.device.text() != label:
            self.device.setText(label)

    def show_hover(self, hover: Hover | None, input_values: np.ndarray | None) -> None:
        """``hover`` as one line: stage, channel, row, column and the value (or R G B for the input)."""
        if hover is None:
            self.readout.setText(" ")
        elif hover.stage == "input":
            if input_values is not None:
                r, g, b = input_values[:, hover.row, hover.col]
                self.readout.setText(
                    tr("input · row {row}, col {col} · R {r:.3f} G {g:.3f} B {b:.3f}").format(
                        row=hover.row, col=hover.col, r=float(r), g=float(g), b=float(b)
                    )
                )
        elif len(hover.shape) == 1:
            self.readout.setText(
                tr("{stage} · index {index} · value {value:.5g}").format(
                    stage=hover.stage, index=hover.col, value=hover.value
                )
            )
        else:
            self.readout.setText(
                tr("{stage} · channel {ch} · row {row}, col {col} · value {value:.5g}").format(
                    stage=hover.stage, ch=hover.channel, row=hover.row, col=hover.col, value=hover.value
                )
            )
