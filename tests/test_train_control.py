"""The training loop's hooks for the window: snapshots every K steps, pause, resume and stop (no Qt)."""

from __future__ import annotations

import math
import threading

import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.dataset import generate_batch
from cnnviz.core.settings import Settings
from cnnviz.core.train import (
    TiedHead,
    TrainConfig,
    TrainControl,
    train,
    trainable_network,
    training_metadata,
)

TINY = Settings().replace({"input.size": 32})


def _config(**changes) -> TrainConfig:
    base = {"epochs": 2, "images_per_epoch": 30, "batch_size": 10, "held_out": 0, "seed": 11}
    return TrainConfig(**{**base, **changes})


def test_snapshots_come_every_k_steps_and_start_from_the_initial_weights() -> None:
    snapshots: dict[int, dict[str, torch.Tensor]] = {}
    result = train(
        _config(), TINY, on_snapshot=lambda step, p: snapshots.setdefault(step, p), snapshot_every=2
    )
    # 2 epochs of 3 steps: before the first step, then after steps 2, 4 and 6 (counted over the run)
    assert sorted(snapshots) == [0, 2, 4, 6]
    initial = trainable_network(TINY, seed=11)  # a fresh network of the same seed: the oracle
    for name, tensor in initial.named_parameters():
        torch.testing.assert_close(snapshots[0][name], tensor.detach())
    for name, tensor in result.parameters.items():
        torch.testing.assert_close(snapshots[6][name], tensor)
    assert not torch.equal(snapshots[2]["conv1.weight"], snapshots[0]["conv1.weight"])


def test_a_snapshot_is_a_copy_that_later_steps_do_not_change() -> None:
    snapshots: dict[int, dict[str, torch.Tensor]] = {}
    train(_config(), TINY, on_snapshot=lambda step, p: snapshots.setdefault(step, p), snapshot_every=1)
    assert not torch.equal(snapshots[1]["conv2.weight"], snapshots[6]["conv2.weight"])
    assert snapshots[1]["conv2.weight"].device.type == "cpu"


def test_a_tied_head_snapshot_has_the_fc_the_tied_head_equals() -> None:
    snapshots: dict[int, dict[str, torch.Tensor]] = {}
    config = _config(epochs=2, tied_epochs=2)
    result = train(config, TINY, on_snapshot=lambda step, p: snapshots.setdefault(step, p), snapshot_every=3)
    # after the run the tied head is written into the real fc: the snapshot of the last
    # step (taken while still tied) must equal it
    torch.testing.assert_close(snapshots[6]["fc.weight"], result.parameters["fc.weight"])
    torch.testing.assert_close(snapshots[6]["fc.bias"], result.parameters["fc.bias"])
    # and its outputs equal the tied head's (oracle: mean over positions, then the small linear layer)
    net = trainable_network(TINY, seed=0)
    net.load_state_dict(snapshots[3])
    tied = TiedHead(trainable_network(TINY, seed=0))
    tied.net.load_state_dict(snapshots[3])
    channels = tied.pooled.weight.shape[1]
    positions = snapshots[3]["fc.weight"].shape[1] // channels
    with torch.no_grad():
        tied.pooled.weight.copy_(snapshots[3]["fc.weight"].reshape(10, channels, positions).sum(dim=2))
        tied.pooled.bias.copy_(snapshots[3]["fc.bias"])
        x = torch.rand(2, 3, 32, 32, generator=torch.Generator().manual_seed(4))
        torch.testing.assert_close(net(x), tied(x), rtol=1e-5, atol=1e-5)


def test_loss_falls_against_the_initial_loss_computed_with_torch() -> None:
    # the same 20 images every epoch: a run this small can learn them by heart
    config = _config(epochs=12, images_per_epoch=20, learning_rate=5e-3, fresh_images=False, seed=3)
    result = train(config, TINY)
    images, labels = generate_batch(config.seed, 0, 20, (32, 32))
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255
    y = torch.from_numpy(labels)
    initial = trainable_network(TINY, seed=3).eval()
    final = trainable_network(TINY, seed=3).eval()
    final.load_state_dict(result.parameters)
    with torch.no_grad():
        before = float(F.cross_entropy(initial(x), y))
        after = float(F.cross_entropy(final(x), y))
    assert result.step_losses[0] == pytest.approx(before, abs=1e-5)  # the loop's first loss is torch's
    assert before == pytest.approx(math.log(10), abs=1e-5)  # the classifier starts at zero
    assert after < before - 0.2


def test_pause_holds_the_run_between_steps_and_resume_finishes_it() -> None:
    control = TrainControl()
    steps: list[int] = []
    paused_at: list[int] = []
    paused = threading.Event()

    def progress(p) -> None:
        steps.append(p.done)
        if p.done == 2:
            control.pause()

    def snap(step: int, _params) -> None:
        if control.paused:
            paused_at.append(step)
            paused.set()

    results = []
    thread = threading.Thread(
        target=lambda: results.append(
            train(_config(), TINY, on_progress=progress, control=control, on_snapshot=snap)
        )
    )
    thread.start()
    assert paused.wait(60)
    assert paused_at == [2]  # the weights the run paused with come as a snapshot
    thread.join(0.5)  # four steps are left: an unpaused run would end
    assert thread.is_alive() and steps == [1, 2] and control.paused
    control.resume()
    thread.join(60)
    assert not thread.is_alive()
    assert steps == [1, 2, 3, 4, 5, 6] and not results[0].stopped


def test_stop_while_paused_ends_the_run_and_can_skip_the_held_out_set() -> None:
    control = TrainControl()
    seen: list[int] = []

    def progress(p) -> None:
        seen.append(p.done)
        if p.done == 1:
            control.pause()
            control.stop(evaluate=False)

    result = train(_config(held_out=20), TINY, on_progress=progress, control=control)
    assert result.stopped and seen == [1] and result.held_out_accuracy is None
    assert not control.paused and control.stopped


def test_stop_keeps_the_held_out_evaluation_unless_told() -> None:
    control = TrainControl()
    result = train(_config(held_out=20), TINY, on_progress=lambda p: control.stop(), control=control)
    assert result.stopped and result.held_out_accuracy is not None


def test_progress_carries_the_batch_loss_and_the_metadata_keys_match_the_cli() -> None:
    records = []
    result = train(_config(epochs=1), TINY, on_progress=records.append)
    assert [r.step_loss for r in records] == result.step_losses
    assert all(0.0 <= r.step_accuracy <= 1.0 for r in records)
    made_here = training_metadata(result.config, 1, 2.0, trained_by="cnnviz window")
    assert set(made_here) == set(result.metadata()) and made_here["trained_by"] == "cnnviz window"
    assert result.metadata()["trained_by"] == "cnnviz train"
