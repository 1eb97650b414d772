"""Trained weights in the window: provenance per layer, the filters view, class evidence (Grad-CAM).

Oracles: the bundled safetensors file read with safetensors itself, plain torch
modules (nn.Sequential) with a forward hook for Grad-CAM, and hand values.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from safetensors.torch import load_file

from cnnviz.core.provenance import RANDOM, TRAINED, layer_sources, scores_meaningful, scores_note
from cnnviz.core.resources import default_weights
from tests.conftest import ASSETS

SHAPES = ASSETS / "shapes.png"
pytestmark = pytest.mark.skipif(default_weights() is None, reason="bundled weights not installed")


@pytest.fixture
def bundled() -> dict[str, torch.Tensor]:
    return load_file(str(default_weights()))


def _lines(window) -> list[str]:
    return [line.text for line in window.panels.scores_panel.top.lines]


def _wait_current(qtbot, window) -> None:
    c = window.controller
    qtbot.waitUntil(lambda: c.is_current(c.last_response), timeout=20_000)


# Provenance ---------------------------------------------------------------------------------------
def test_layer_sources_by_hand() -> None:
    sources = {
        "conv1.weight": "loaded",
        "conv1.bias": "loaded",
        "conv2.weight": "seeded",
        "conv2.bias": "loaded",
    }
    sources |= {"fc.weight": "loaded", "fc.bias": "loaded"}
    layers = layer_sources(sources)
    assert layers == {"conv1": TRAINED, "conv2": RANDOM, "fc": TRAINED}
    assert not scores_meaningful(layers)
    assert scores_meaningful({"conv1": TRAINED, "fc": TRAINED})
    assert "random: conv2" in scores_note(layers, "w.safetensors")
    assert "seeded" in scores_note(layers, None)


def test_window_opens_with_trained_weights_and_says_so(make_window, bundled) -> None:
    window = make_window(image=SHAPES)
    result = window.controller.last_response.result
    for name, tensor in bundled.items():  # the maps were computed with the file's weights
        np.testing.assert_array_equal(result.weights[name], tensor.numpy())
    assert window.panels.scores_panel.meaningful
    assert "trained weights" in _lines(window)[1]
    assert not _lines(window)[0].endswith("not a prediction")
    for layer in ("conv1", "conv2", "fc"):
        label = window.findChild(type(window.sidebar.weights_labels[layer]), f"weights:{layer}")
        assert label is not None and label.text().startswith(f"{layer}: trained weights")
    assert "trained" in window.weights_label.text()


def test_a_reshaped_layer_is_marked_random_and_scores_are_not_a_prediction(
    qtbot, make_window, bundled
) -> None:
    window = make_window(image=SHAPES)
    assert window.set_setting("conv2.kernel_size", (5, 5))
    _wait_current(qtbot, window)
    result = window.controller.last_response.result
    # Oracle: which tensors of the file still fit the network that ran.
    fits = {n: tuple(result.weights[n].shape) == tuple(t.shape) for n, t in bundled.items()}
    assert fits["conv1.weight"] and not fits["conv2.weight"] and not fits["fc.weight"]
    np.testing.assert_array_equal(result.weights["conv1.weight"], bundled["conv1.weight"].numpy())
    labels = window.sidebar.weights_labels
    assert labels["conv1"].text().startswith("conv1: trained")
    assert labels["conv2"].text().startswith("conv2: random") and labels["conv2"].property("random")
    assert labels["fc"].text().startswith("fc: random")
    panel = window.panels.scores_panel
    assert not panel.meaningful and not panel.scores.meaningful
    assert _lines(window)[0].endswith("not a prediction")
    assert "random: conv2, fc" in _lines(window)[1]
    assert window.status.weights.text().endswith("(trained) · random: conv2, fc")  # the status bar too
    window.controller.undo_stack.undo()  # back to the textbook shapes: trained again
    _wait_current(qtbot, window)
    assert panel.meaningful and labels["conv2"].text().startswith("conv2: trained")
    assert "random" not in window.status.weights.text()


def test_reset_to_seeded_weights_and_back(qtbot, make_window, bundled) -> None:
    window = make_window(image=SHAPES)
    window.controller.reset_weights()
    _wait_current(qtbot, window)
    seeded = window.controller.last_response.result.weights["conv1.weight"]
    assert not np.array_equal(seeded, bundled["conv1.weight"].numpy())
    assert _lines(window)[1] == "random (seeded) weights: the classes mean nothing yet"
    assert window.sidebar.weights_labels["conv1"].text() == "conv1: random weights (seeded)"
    assert not window.panels.scores_panel.meaningful
    window.findChild(type(window.undo_action), "action:bundled-weights").trigger()
    _wait_current(qtbot, window)
    assert window.panels.scores_panel.meaningful
    np.testing.assert_array_equal(
        window.controller.last_response.result.weights["conv1.weight"], bundled["conv1.weight"].numpy()
    )


# Filters view -------------------------------------------------------------------------------------
def test_filters_view_shows_the_module_weights(qtbot, make_window, bundled) -> None:
    window = make_window(image=SHAPES, show=True)
    window.findChild(type(window.undo_action), "action:filters").trigger()
    dock = window.filters_dock
    qtbot.waitUntil(dock.isVisible)
    view = dock.view
    conv1 = bundled["conv1.weight"]  # (16, 3, 3, 3)
    assert dock.layer_box.currentText() == "conv1" and view.layer == "conv1"
    np.testing.assert_array_equal(view.weight, conv1.numpy())
    m = conv1.abs().max()
    for o in range(conv1.shape[0]):  # conv1 as RGB: (kh, kw, 3), 0 -> mid grey
        expected = torch.clamp(torch.round(127.5 + 127.5 * conv1[o].permute(1, 2, 0).double() / m), 0, 255)
        np.testing.assert_array_equal(view.pictures[o], expected.to(torch.uint8).numpy())
    # The maps beside them are the conv1 maps the window computed: one per filter.
    assert view.maps is not None and view.maps.shape[0] == conv1.shape[0]
    # Hover: the tooltip carries the filter's numbers.
    QApplication.processEvents()  # the dock's layout settles before the filter's place is read
    center = view._channel_rect(2, 0).center()
    assert view.hit(center) == (2, None)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        center,
        view.mapToGlobal(center),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, move)
    tip = view.toolTip()
    assert "conv1 filter 2" in tip
    for value in conv1[2, 1].flatten():  # the green weights, as printed
        assert f"{float(value):+.3f}" in tip

    dock.layer_box.setCurrentText("conv2")  # deeper: one picture per input channel
    conv2 = bundled["conv2.weight"]  # (32, 16, 3, 3)
    np.testing.assert_array_equal(view.weight, conv2.numpy())
    m2 = conv2.abs().max()
    expected = torch.clamp(torch.round(127.5 + 127.5 * conv2[5].double() / m2), 0, 255).to(torch.uint8)
    np.testing.assert_array_equal(view.pictures[5], expected.numpy())
    assert view.readout(5, 7).endswith(
        "\n".join("  ".join(f"{float(v):+.3f}" for v in row) for row in conv2[5, 7])
    )
    assert "conv2: 32 filters of 16×3×3, trained weights" in dock.caption.text()


# Class evidence -----------------------------------------------------------------------------------
def direct_grad_cam(params: dict[str, torch.Tensor], x: torch.Tensor, index: int, size: tuple[int, int]):
    """Grad-CAM written out with nn modules and a forward hook on relu2 (the paper's formulas)."""
    conv1 = torch.nn.Conv2d(3, 16, 3, stride=2, padding=1)
    conv2 = torch.nn.Conv2d(16, 32, 3, padding=1)
    fc = torch.nn.Linear(params["fc.weight"].shape[1], params["fc.weight"].shape[0])
    with torch.no_grad():
        for module, name in ((conv1, "conv1"), (conv2, "conv2"), (fc, "fc")):
            module.weight.copy_(params[f"{name}.weight"])
            module.bias.copy_(params[f"{name}.bias"])
    relu2 = torch.nn.ReLU()
    net = torch.nn.Sequential(
        conv1,
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        conv2,
        relu2,
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        fc,
    )
    kept = {}

    def hook(_module, _inputs, output):
        output.retain_grad()
        kept["a"] = output

    relu2.register_forward_hook(hook)
    logits = net(x)
    logits[0, index].backward()
    a = kept["a"]
    alpha = a.grad.sum(dim=(2, 3)) / (a.shape[2] * a.shape[3])  # (1, 32)
    cam = torch.clamp((alpha[:, :, None, None] * a).sum(dim=1, keepdim=True), min=0).detach()
    big = F.interpolate(cam, size=size, mode="bilinear", align_corners=False)[0, 0]
    peak = big.max()
    # No positive evidence anywhere (every weighted sum below 0): nothing to scale, an all-zero map.
    return (big / peak if peak > 0 else torch.zeros_like(big)), int(logits.argmax())


def test_class_evidence_matches_a_direct_grad_cam(qtbot, make_window, bundled) -> None:
    window = make_window(image=SHAPES, show=True)
    panel = window.panels.scores_panel
    result = window.controller.last_response.result
    x = torch.from_numpy(np.array(result.input))[None]
    window.findChild(type(window.undo_action), "action:class-evidence").trigger()  # the menu's toggle
    assert panel.evidence_toggle.isChecked() and panel.evidence.isVisible()
    shown = panel.evidence.evidence
    expected, top = direct_grad_cam(bundled, x, int(np.argmax(result.probabilities)), tuple(x.shape[2:]))
    assert shown.class_index == top
    np.testing.assert_allclose(shown.heatmap, expected.numpy(), atol=1e-4)
    assert "Grad-CAM on relu2" in panel.evidence.caption.text()
    assert panel.evidence.rgb is not None and panel.evidence.rgb.shape == (*x.shape[2:], 3)

    # Picking another class in the scores panel (a click on its row) shows that class's evidence:
    # one with some positive evidence (a map of zeros would compare trivially), then one with none
    # where there is such a class.
    maps = {k: direct_grad_cam(bundled, x, k, tuple(x.shape[2:]))[0] for k in range(len(panel.names))}
    with_evidence = [k for k, m in maps.items() if k != top and float(m.max()) > 0]
    without = [k for k, m in maps.items() if float(m.max()) == 0]
    assert with_evidence
    row_h = panel.scores.fontMetrics().height() + 4
    for pick in with_evidence[:1] + without[:1]:
        qtbot.mouseClick(
            panel.scores, Qt.MouseButton.LeftButton, pos=QPoint(20, 2 + pick * row_h + row_h // 2)
        )
        assert panel.scores.picked == pick
        np.testing.assert_allclose(panel.evidence.evidence.heatmap, maps[pick].numpy(), atol=1e-4)
        assert panel.names[pick] in panel.evidence.caption.text()

    panel.evidence_toggle.setChecked(False)  # off again: hidden, the menu follows
    assert not panel.evidence.isVisible()
    assert not window.findChild(type(window.undo_action), "action:class-evidence").isChecked()


def test_missing_bundled_weights_is_one_message(qtbot, make_window, monkeypatch) -> None:
    window = make_window(image=SHAPES)
    window.controller.reset_weights()
    monkeypatch.setattr("cnnviz.core.resources.default_weights", lambda: None)
    assert not window.controller.use_bundled_weights()
    assert "bundled trained weights are not installed" in window.message_bar.text()
    assert window.controller.weights is None  # nothing the user had is lost
