"""Training: the loss falls on a tiny run, the tied head is exact, files record how they were made."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz import __version__
from cnnviz.cli import main
from cnnviz.core.dataset import CLASS_NAMES, generate_batch
from cnnviz.core.settings import Settings
from cnnviz.core.train import TiedHead, TrainConfig, TrainingError, confusion_table, train, trainable_network
from cnnviz.core.weights import read_weights

TINY = Settings().replace({"input.size": 32})


@pytest.fixture(scope="module")
def tiny_run():
    # The same 40 images every epoch: a run this small can only learn them by heart.
    config = TrainConfig(
        epochs=8,
        images_per_epoch=40,
        batch_size=8,
        learning_rate=5e-3,
        held_out=30,
        tied_epochs=4,
        seed=5,
        fresh_images=False,
    )
    return train(config, TINY)


def test_loss_falls_on_a_tiny_run(tiny_run) -> None:
    # The classifier starts at zero, so the very first loss is exactly ln(10).
    assert tiny_run.step_losses[0] == pytest.approx(math.log(10), abs=1e-5)
    assert tiny_run.epoch_losses[-1] < tiny_run.epoch_losses[0] - 0.1
    assert tiny_run.epoch_losses[-1] < math.log(10) - 0.1
    assert tiny_run.epochs_done == 8 and not tiny_run.stopped


def test_held_out_confusion_counts_every_image_once(tiny_run) -> None:
    confusion = tiny_run.confusion
    assert confusion.shape == (10, 10)
    assert confusion.sum() == 30
    assert list(confusion.sum(axis=1)) == [3] * 10  # classes take turns
    assert tiny_run.held_out_accuracy == pytest.approx(np.trace(confusion) / 30)
    # and the accuracy agrees with a fresh forward pass of the returned weights
    net = trainable_network(TINY, seed=0)
    net.load_state_dict(tiny_run.parameters)
    images, labels = generate_batch(tiny_run.config.held_out_seed, 0, 30, (32, 32))
    with torch.no_grad():
        x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255
        predicted = net.eval()(x).argmax(dim=1).numpy()
    assert tiny_run.held_out_accuracy == pytest.approx(float((predicted == labels).mean()))
    table = confusion_table(confusion)
    assert "circle" in table and "checkerboard" in table


def test_tied_head_written_into_fc_changes_no_output() -> None:
    net = trainable_network(TINY, seed=3)
    tied = TiedHead(net)
    with torch.no_grad():
        tied.pooled.weight.copy_(
            torch.randn(tied.pooled.weight.shape, generator=torch.Generator().manual_seed(1))
        )
        tied.pooled.bias.copy_(torch.arange(10.0))
    x = torch.rand(4, 3, 32, 32, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        # independent oracle: global average of the last pool's maps, then the small linear layer
        features = net.pool2(net.relu2(net.conv2(net.pool1(net.relu1(net.conv1(x))))))
        expected = features.mean(dim=(2, 3)) @ tied.pooled.weight.T + tied.pooled.bias
        tied.write_into_fc()
        got = net(x)
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


def test_stop_ends_the_run_early() -> None:
    calls = []
    config = TrainConfig(epochs=3, images_per_epoch=20, batch_size=10, held_out=0)
    result = train(config, TINY, on_progress=calls.append, should_stop=lambda: len(calls) >= 1)
    assert result.stopped and result.epochs_done == 1 and len(result.step_losses) == 1
    assert result.held_out_accuracy is None
    assert calls[0].epoch == 1 and calls[0].step == 1 and calls[0].steps == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"epochs": 0},
        {"batch_size": 0},
        {"learning_rate": -1.0},
        {"learning_rate": float("nan")},
        {"held_out_seed": 2026},
    ],
)
def test_bad_config_is_refused(changes: dict) -> None:
    with pytest.raises(TrainingError):
        TrainConfig(**changes).check()


def test_train_command_writes_weights_with_metadata(tmp_path: Path, capsys) -> None:
    out = tmp_path / "w.safetensors"
    args = ["train", str(out), "--epochs", "1", "--images-per-epoch", "20", "--batch-size", "10"]
    args += ["--held-out", "10", "--seed", "9", "--tied-epochs", "1", "--set", "input.size=32"]
    assert main(args) == 0
    printed = capsys.readouterr()
    assert "held-out accuracy" in printed.out and "epoch 1/1" in printed.err
    loaded = read_weights(out)
    assert loaded.settings is not None and loaded.settings.pair("input.size") == (32, 32)
    meta = loaded.metadata
    assert json.loads(meta["class_names"]) == list(CLASS_NAMES)
    assert meta["dataset_seed"] == "9" and meta["epochs"] == "1"
    assert meta["trained_with_cnnviz"] == __version__
    assert 0.0 <= float(meta["held_out_accuracy"]) <= 1.0
    # the file's tensors give the network's outputs (independent functional forward)
    t = loaded.tensors
    x = torch.rand(2, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    h = F.max_pool2d(F.relu(F.conv2d(x, t["conv1.weight"], t["conv1.bias"], stride=2, padding=1)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, t["conv2.weight"], t["conv2.bias"], padding=1)), 2)
    logits = F.linear(h.flatten(1), t["fc.weight"], t["fc.bias"])
    assert logits.shape == (2, 10)
    # an existing file is kept unless --overwrite
    before = out.read_bytes()
    assert main(args) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert out.read_bytes() == before


@pytest.mark.parametrize(
    "name, extra, words",
    [
        ("w.txt", [], "*.safetensors"),
        ("missing/w.safetensors", [], "does not exist"),
        ("w.safetensors", ["--epochs", "0"], "epochs"),
        ("w.safetensors", ["--set", "conv1.stride=0"], "conv1.stride"),
        ("w.safetensors", ["--device", "nonsense"], "nonsense"),
        ("w.safetensors", ["--images-per-epoch", "100000000"], "GiB"),
        ("w.safetensors", ["--warmup", "1.5"], "warmup"),
        ("w.safetensors", ["--label-smoothing", "-1"], "label-smoothing"),
    ],
)
def test_train_command_bad_input_fails_before_training(tmp_path: Path, capsys, name, extra, words) -> None:
    assert main(["train", str(tmp_path / name), "--held-out", "0", *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err and words in err[-1]
    assert not list(tmp_path.rglob("*.safetensors"))


def test_the_old_recipe_is_still_there_step_for_step(tmp_path: Path, capsys) -> None:
    # Oracle: a plain loop written here (fresh images each epoch, no augmentation, Adam
    # with a cosine decay from the start) gives exactly the weights train() gives.
    config = TrainConfig(
        epochs=2,
        images_per_epoch=20,
        batch_size=10,
        learning_rate=2e-3,
        held_out=0,
        seed=4,
        fresh_images=True,
        augment=False,
        schedule="cosine",
    )
    result = train(config, TINY)
    torch.manual_seed(4)
    net = trainable_network(TINY, seed=4)
    optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: 0.5 * (1 + math.cos(math.pi * k / 4)))
    for index in range(0, 40, 10):  # epoch 1: images 0..19, epoch 2: images 20..39
        images, labels = generate_batch(4, index, 10, (32, 32))
        x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255
        loss = F.cross_entropy(net(x), torch.from_numpy(labels))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
    for name, tensor in net.named_parameters():
        torch.testing.assert_close(result.parameters[name], tensor.detach(), rtol=1e-5, atol=1e-6)
    # and the command line reaches it, recording how the weights were made
    out = tmp_path / "old.safetensors"
    args = ["train", str(out), "--epochs", "1", "--images-per-epoch", "10", "--batch-size", "10"]
    args += ["--held-out", "0", "--set", "input.size=32", "--fresh-images", "--no-augment"]
    args += ["--schedule", "cosine", "--label-smoothing", "0.1", "--weight-decay", "0.001"]
    assert main(args) == 0
    assert "fresh images" in capsys.readouterr().err
    meta = read_weights(out).metadata
    assert meta["schedule"] == "cosine" and meta["augmentation"] == "none"
    assert meta["images"] == "fresh every epoch"
    assert float(meta["label_smoothing"]) == 0.1 and float(meta["weight_decay"]) == 0.001
