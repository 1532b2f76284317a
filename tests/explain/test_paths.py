"""Which frames are the user's, on any machine the log came from."""

import pytest

from loaderdoctor.explain.paths import SourceFinder, basename, is_library, same_file

USER = [
    "/home/user/proj/train.py",
    "train.py",
    "D:\\study\\dl_notes\\基础数学知识\\softmax_speed.py",
    "C:/Users/user/FontTransfer/MC-GAN/train_Stack.py",
    "D:\\Computer Vision\\yolov5\\utils\\dataloaders.py",
    "/home/user/lib/myproject/train.py",
    "Cell In[3]",
    "<ipython-input-4-2f1c>",
    "/srv/app/prepare_features.py",
]

LIBRARY = [
    "<frozen runpy>",
    "<string>",
    "<stdin>",
    "<frozen importlib._bootstrap>",
    "/usr/lib/python3.11/multiprocessing/spawn.py",
    "/root/.pyenv/versions/3.8.18/lib/python3.8/runpy.py",
    "C:\\Miniconda3\\envs\\d2l\\Lib\\multiprocessing\\spawn.py",
    "C:\\Python38\\lib\\runpy.py",
    "D:\\anaconda3\\envs\\yolov5\\lib\\site-packages\\torch\\__init__.py",
    "/usr/local/lib/python3.10/dist-packages/torch/utils/data/dataloader.py",
    "~/miniconda3/envs/dl/lib/python3.11/site-packages/torch/utils/data/dataloader.py",
    "/opt/homebrew/Cellar/python@3.14/3.14.2/Frameworks/Python.framework/Versions/3.14/lib/python3.14/queue.py",
    "C:\\Users\\user\\.pyenv\\pyenv-win\\versions\\3.10.2\\lib\\multiprocessing\\spawn.py",
    "torch\\utils\\data\\dataloader.py",
    "multiprocessing\\context.py",
    "/usr/lib64/python3.9/selectors.py",
]


@pytest.mark.parametrize("path", USER)
def test_user_paths(path):
    assert not is_library(path)


@pytest.mark.parametrize("path", LIBRARY)
def test_library_paths(path):
    assert is_library(path)


def test_basename_keeps_case():
    assert basename("C:\\Users\\user\\MC-GAN\\train_Stack.py") == "train_Stack.py"
    assert basename("/a/b/Train.py") == "Train.py"
    assert basename("<frozen runpy>") == "<frozen runpy>"


@pytest.mark.parametrize("first, second, same", [
    ("train.py", "/home/user/proj/train.py", True),
    ("C:\\Users\\A\\train.py", "c:/users/a/train.py", True),
    ("/a/train.py", "/b/train.py", False),
    ("rain.py", "/a/train.py", False),
])
def test_same_file(first, second, same):
    assert same_file(first, second) is same


def test_source_finder_matches_tail(tmp_path):
    script = tmp_path / "基础数学知识" / "softmax_speed.py"
    script.parent.mkdir()
    script.write_text("print(1)\n", encoding="utf-8")
    finder = SourceFinder(tmp_path)
    assert finder.find("D:\\study\\dl_notes\\基础数学知识\\softmax_speed.py") == script
    assert finder.find("/elsewhere/softmax_speed.py") is None or finder.find("/elsewhere/softmax_speed.py") == \
        tmp_path / "softmax_speed.py"
    assert finder.find("/usr/lib/python3.11/multiprocessing/spawn.py") is None


def test_source_finder_relative_to_cwd(tmp_path):
    (tmp_path / "train.py").write_text("x = 1\n")
    assert SourceFinder(cwd=tmp_path).find("train.py") == tmp_path / "train.py"
    assert SourceFinder(cwd=tmp_path).find("missing.py") is None
